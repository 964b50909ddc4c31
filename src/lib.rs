//! thidua turns Vietnamese district news on emulation and commendation (thi đua, khen
//! thưởng) into analysable tables: documents, quantities, awards and dates, each fact with
//! its evidence, and checks of reported figures against the article's own numbers. Modules in the order data flows through them.

pub mod article;
pub mod checks;
pub mod chrome;
pub mod decode;
pub mod facts;
pub mod html;
pub mod ingest;
pub mod normalize;
pub mod numbers;
pub mod pipeline;
pub mod places;
pub mod query;
pub mod report;
pub mod rule_tests;
pub mod rules;
pub mod run;
pub mod scan;
pub mod sentences;
pub mod tables;
pub mod timings;
