//! Python bindings of rolesift: the classifier over one posting or over Arrow columns.
//!
//! Everything a posting goes through is the core crate's: [`Posting::from_parts`] normalises as
//! the readers do, [`Classifier`] classifies, and the one-posting answer is the CLI's own JSONL
//! record. What is here is only the crossing: Python objects and Arrow arrays in, a JSON
//! string or an Arrow record batch out, the GIL released while rayon works.

use arrow_array::builder::{BooleanBuilder, Float64Builder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Fields, Schema};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::PyRecordBatch;
use rayon::prelude::*;
use rolesift::output::{evidence_json, json_line, ClassifyRecord};
use rolesift::{Classification, ClassifyOptions, Model, Posting};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A classifier over one model (the embedded default, or a file) with overlays.
#[pyclass(module = "rolesift._rolesift", frozen)]
struct Classifier {
    model: Model,
    /// Built on first use (compiling the model's patterns takes a moment), once per mode:
    /// with titles, body only.
    built: [OnceLock<rolesift::Classifier>; 2],
}

#[pymethods]
impl Classifier {
    #[new]
    #[pyo3(signature = (model=None, overlays=Vec::new()))]
    fn new(model: Option<PathBuf>, overlays: Vec<PathBuf>) -> PyResult<Self> {
        let mut loaded = match &model {
            Some(path) => Model::load(path),
            None => Model::embedded(),
        }
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
        for overlay in &overlays {
            loaded
                .apply_overlay_file(overlay)
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
        }
        Ok(Classifier {
            model: loaded,
            built: [OnceLock::new(), OnceLock::new()],
        })
    }

    /// The model's content hash (as `rolesift model info` prints it).
    fn model_hash(&self) -> String {
        self.model.content_hash.clone()
    }

    /// One posting: the CLI's JSONL record as a JSON string (the Python layer parses it).
    #[pyo3(signature = (title, body, *, ignore_title=false, id=None))]
    fn classify_json(
        &self,
        py: Python<'_>,
        title: &str,
        body: &str,
        ignore_title: bool,
        id: Option<&str>,
    ) -> PyResult<String> {
        let posting = Posting::from_parts(id, title, body)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let classifier = self.classifier(ignore_title);
        let line = py.detach(|| {
            let c = classifier.classify(&posting);
            json_line(&ClassifyRecord::new(&posting, &c, false))
        });
        let mut text = String::from_utf8(line).expect("JSON is UTF-8");
        text.truncate(text.trim_end().len());
        Ok(text)
    }

    /// Columns of titles and bodies (any Arrow string type, or anything exporting the Arrow
    /// PyCapsule interface) → one record batch, one row per input row, in order.
    #[pyo3(signature = (titles, bodies, *, ignore_title=false, threads=None))]
    fn classify_arrays(
        &self,
        py: Python<'_>,
        titles: AnyArray,
        bodies: AnyArray,
        ignore_title: bool,
        threads: Option<usize>,
    ) -> PyResult<Py<PyAny>> {
        let title_chunks = chunks(titles)?;
        let body_chunks = chunks(bodies)?;
        let titles = strings(&title_chunks, "titles")?;
        let bodies = strings(&body_chunks, "bodies")?;
        if titles.len() != bodies.len() {
            return Err(PyValueError::new_err(format!(
                "titles and bodies differ in length ({} and {})",
                titles.len(),
                bodies.len()
            )));
        }
        let classifier = self.classifier(ignore_title);
        let batch = py.detach(|| -> Result<RecordBatch, String> {
            let work = || {
                titles
                    .par_iter()
                    .zip(bodies.par_iter())
                    .map(|(title, body)| row(classifier, *title, *body))
                    .collect::<Vec<Row>>()
            };
            let rows = match threads {
                Some(n) => rayon::ThreadPoolBuilder::new()
                    .num_threads(n.max(1))
                    .build()
                    .map_err(|e| format!("cannot start worker threads: {e}"))?
                    .install(work),
                None => work(),
            };
            Ok(record_batch(rows))
        });
        let batch = batch.map_err(PyValueError::new_err)?;
        Ok(PyRecordBatch::new(batch).into_pyarrow(py)?.unbind())
    }
}

impl Classifier {
    fn classifier(&self, ignore_title: bool) -> &rolesift::Classifier {
        self.built[usize::from(ignore_title)].get_or_init(|| {
            let options = ClassifyOptions {
                ignore_title,
                ..ClassifyOptions::default()
            };
            rolesift::Classifier::with_options(self.model.clone(), options)
        })
    }
}

/// One classified row, already in its output form (the evidence serialised by the worker
/// that classified it, as the CLI's workers do), or why it could not be classified.
enum Row {
    Done(Box<Classified>),
    Failed(String),
}

struct Classified {
    label: &'static str,
    confidence: f64,
    review: bool,
    reasons: Vec<&'static str>,
    scores: [f64; 3],
    evidence: String,
}

fn row(classifier: &rolesift::Classifier, title: Option<&str>, body: Option<&str>) -> Row {
    match Posting::from_parts(None, title.unwrap_or(""), body.unwrap_or("")) {
        Ok(posting) => Row::Done(Box::new(classified(&classifier.classify(&posting)))),
        Err(e) => Row::Failed(e.to_string()),
    }
}

fn classified(c: &Classification) -> Classified {
    Classified {
        label: c.label.as_str(),
        confidence: c.confidence,
        review: c.review,
        reasons: c.review_reasons.iter().map(|r| r.as_str()).collect(),
        scores: [
            c.scores.product_owner,
            c.scores.product_manager,
            c.scores.other_role,
        ],
        evidence: evidence_json(&c.evidence),
    }
}

/// The output schema (`docs/python.md`): label, confidence, review, review_reasons, scores,
/// evidence (the CLI's JSON), error.
fn record_batch(rows: Vec<Row>) -> RecordBatch {
    let n = rows.len();
    let mut label = StringBuilder::with_capacity(n, n * 14);
    let mut confidence = Float64Builder::with_capacity(n);
    let mut review = BooleanBuilder::with_capacity(n);
    let mut reasons = ListBuilder::new(StringBuilder::new());
    let mut po = Float64Builder::with_capacity(n);
    let mut pm = Float64Builder::with_capacity(n);
    let mut other = Float64Builder::with_capacity(n);
    let mut evidence = StringBuilder::with_capacity(n, n * 256);
    let mut error = StringBuilder::new();
    for row in rows {
        match row {
            Row::Done(c) => {
                label.append_value(c.label);
                confidence.append_value(c.confidence);
                review.append_value(c.review);
                for reason in &c.reasons {
                    reasons.values().append_value(reason);
                }
                reasons.append(true);
                po.append_value(c.scores[0]);
                pm.append_value(c.scores[1]);
                other.append_value(c.scores[2]);
                evidence.append_value(&c.evidence);
                error.append_null();
            }
            Row::Failed(why) => {
                label.append_null();
                confidence.append_null();
                review.append_null();
                reasons.append_null();
                po.append_null();
                pm.append_null();
                other.append_null();
                evidence.append_null();
                error.append_value(why);
            }
        }
    }
    let score_fields = Fields::from(vec![
        Field::new("product_owner", DataType::Float64, true),
        Field::new("product_manager", DataType::Float64, true),
        Field::new("other_role", DataType::Float64, true),
    ]);
    let scores = StructArray::new(
        score_fields.clone(),
        vec![
            Arc::new(po.finish()) as ArrayRef,
            Arc::new(pm.finish()),
            Arc::new(other.finish()),
        ],
        None,
    );
    let reasons = reasons.finish();
    let schema = Schema::new(vec![
        Field::new("label", DataType::Utf8, true),
        Field::new("confidence", DataType::Float64, true),
        Field::new("review", DataType::Boolean, true),
        Field::new("review_reasons", reasons.data_type().clone(), true),
        Field::new("scores", DataType::Struct(score_fields), true),
        Field::new("evidence", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(label.finish()),
            Arc::new(confidence.finish()),
            Arc::new(review.finish()),
            Arc::new(reasons),
            Arc::new(scores),
            Arc::new(evidence.finish()),
            Arc::new(error.finish()),
        ],
    )
    .expect("columns match the schema")
}

/// The chunks of an Arrow column (one array or a stream of them).
fn chunks(input: AnyArray) -> PyResult<Vec<ArrayRef>> {
    Ok(input.into_chunked_array()?.chunks().to_vec())
}

/// An Arrow string column (`string`, `large_string` or `string_view`, one chunk or many) as
/// strings borrowed from its buffers, nulls as `None`: no copy before classification.
fn strings<'a>(chunks: &'a [ArrayRef], name: &str) -> PyResult<Vec<Option<&'a str>>> {
    let mut out = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
    for chunk in chunks {
        match chunk.data_type() {
            DataType::Utf8 => out.extend(chunk.as_string::<i32>().iter()),
            DataType::LargeUtf8 => out.extend(chunk.as_string::<i64>().iter()),
            DataType::Utf8View => out.extend(chunk.as_string_view().iter()),
            DataType::Null => out.extend(std::iter::repeat_n(None, chunk.len())),
            other => {
                return Err(PyTypeError::new_err(format!(
                "{name} must be Arrow strings (string, large_string or string_view), not {other}"
            )))
            }
        }
    }
    Ok(out)
}

/// rolesift's version.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _rolesift(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Classifier>()?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
