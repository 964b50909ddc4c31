//! thidua turns Vietnamese district news on emulation and commendation (thi đua, khen
//! thưởng) into analysable tables: documents, quantities, awards and dates, each fact with
//! its evidence, and checks of reported figures against the article's own numbers.
//!
//! Modules in the order data flows through them.

pub mod ingest;
pub mod scan;
pub mod decode;
pub mod html;
pub mod article;
pub mod gazetteer;
pub mod places;
pub mod chrome;
pub mod normalize;
pub mod sentences;
pub mod numbers;
pub mod lexicon;
pub mod rules;
pub mod days;
pub mod schema;
pub mod facts;
pub mod checks;
pub mod pipeline;
pub mod rule_tests;
pub mod tables;
pub mod run;
pub mod query;
pub mod report;
pub mod html_report;
pub mod timings;
