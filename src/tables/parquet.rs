//! A Parquet file written in large row groups while holding little in memory.
//!
//! A row group per batch made the writer's memory grow with the input: polars keeps the
//! metadata of every column chunk, and a header of every page, until the footer. Large row
//! groups need few of them, and suit readers better, but each column of a row group must lie
//! in one piece. So each batch's columns are encoded and compressed into pages as they come,
//! the pages wait in a spill file beside the table, and when the row group is full they are
//! copied into the table column after column, one page in memory at a time. Each row group
//! is written by a writer of its own, so the pages' headers are let go with it; only the row
//! groups' metadata is kept for the footer. (Holding rows to make fewer, larger pages raised
//! the peak more than the pages' headers cost.)
//!
//! Pages of different batches can share a column chunk only without dictionary pages (a
//! chunk has at most one, first), so every column is written plain; zstd finds the repeats a
//! dictionary would have (the archive's tables are 0.4% larger). The tables carry no page
//! index: its offsets would be those of the row group's own writer.

use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use polars::prelude::*;
use polars_parquet::parquet::compression::Compression;
use polars_parquet::parquet::metadata::ThriftFileMetadata;
use polars_parquet::parquet::write::write_metadata_sidecar;
use polars_parquet::parquet::CowBuffer;
use polars_parquet::write::{
    array_to_columns, to_parquet_type, CompressedDataPage, CompressedPage, CompressionOptions,
    DynIter, DynStreamingIterator, Encoding, FallibleStreamingIterator, FileWriter, KeyValue, Page,
    ParquetType, StatisticsOptions, Version, WriteOptions,
};

/// A page holds at most this many bytes before compression.
const PAGE_BYTES: usize = 1 << 20;
/// When a row group ends: at `bytes` of pages before compression, at `rows` rows, or at
/// `pages` pages (a table with few rows a batch gets a small page for each column of each).
struct RowGroupLimits {
    bytes: usize,
    rows: usize,
    pages: usize,
}

/// The bytes and rows polars and Parquet's own writer choose. The pages' headers waiting
/// for a row group take under a megabyte: about 12,000 documents' rows a group for the
/// documents table, 16,000 for quantities.
const ROW_GROUP_LIMITS: RowGroupLimits = RowGroupLimits {
    bytes: 128 << 20,
    rows: 512 * 512,
    pages: 1024,
};

/// zstd at its default level (3), as polars writes.
const COMPRESSION: CompressionOptions = CompressionOptions::Zstd(None);

/// The bytes every Parquet file starts and ends with.
const MAGIC: &[u8; 4] = b"PAR1";

pub struct ParquetSink<W: Write> {
    out: W,
    /// How many bytes `out` has been given.
    written: u64,
    schema: ArrowSchema,
    options: WriteOptions,
    key_value: Vec<KeyValue>,
    spill: Spill,
    limits: RowGroupLimits,
    /// The columns of the row group being gathered.
    columns: Vec<ColumnChunk>,
    rows: usize,
    /// The file's metadata so far: the row groups written, at their places in `out`.
    footer: Option<ThriftFileMetadata>,
}

/// One column of the row group being gathered.
struct ColumnChunk {
    parquet_type: ParquetType,
    /// Pages encoded and compressed, their bytes in the spill file.
    pages: Vec<SpilledPage>,
    /// The pages' bytes before compression.
    pages_bytes: usize,
}

struct SpilledPage {
    /// The page without its bytes, or with them if it was not spilled.
    page: CompressedPage,
    /// Where its bytes are in the spill file.
    spilled: Option<(u64, usize)>,
}

impl<W: Write> ParquetSink<W> {
    /// A writer of frames of `schema` to `out`, with `spill` as the path of its spill file;
    /// `key_value` goes into the footer.
    pub fn new(
        mut out: W,
        spill: &Path,
        schema: &Schema,
        key_value: KeyValue,
    ) -> PolarsResult<Self> {
        let schema = schema.to_arrow(CompatLevel::newest());
        let options = WriteOptions {
            statistics: StatisticsOptions::default(),
            compression: COMPRESSION,
            version: Version::V1,
            data_page_size: Some(PAGE_BYTES),
        };
        let columns = schema
            .iter_values()
            .map(|field| {
                Ok(ColumnChunk {
                    parquet_type: to_parquet_type(field)?,
                    pages: Vec::new(),
                    pages_bytes: 0,
                })
            })
            .collect::<PolarsResult<_>>()?;
        out.write_all(MAGIC)?;
        Ok(ParquetSink {
            out,
            written: MAGIC.len() as u64,
            schema,
            options,
            key_value: vec![key_value],
            spill: Spill::create(spill.to_path_buf())?,
            limits: ROW_GROUP_LIMITS,
            columns,
            rows: 0,
            footer: None,
        })
    }

    /// Adds a frame's rows to the row group; writes the group when it is full.
    pub fn write(&mut self, df: &DataFrame) -> PolarsResult<()> {
        if df.height() == 0 {
            return Ok(());
        }
        for (column, rows) in self.columns.iter_mut().zip(df.columns()) {
            column.encode(rows.as_materialized_series(), self.options, &mut self.spill)?;
        }
        self.rows += df.height();
        let bytes: usize = self.columns.iter().map(|c| c.pages_bytes).sum();
        let pages: usize = self.columns.iter().map(|c| c.pages.len()).sum();
        if bytes >= self.limits.bytes || self.rows >= self.limits.rows || pages >= self.limits.pages
        {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the row group gathered so far, with a writer of its own whose footer is left
    /// out; its metadata, moved to where the group is in `out`, joins the file's.
    fn flush(&mut self) -> PolarsResult<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let spill = &self.spill.file;
        let group = DynIter::new(self.columns.iter_mut().map(|column| {
            let pages = std::mem::take(&mut column.pages);
            column.pages_bytes = 0;
            Ok(DynStreamingIterator::new(Unspill {
                spill,
                pages: pages.into_iter(),
                current: None,
            }))
        }));
        // The group's writer counts offsets from the start of a file of its own, which
        // begins with the magic bytes.
        let shift = self.written as i64 - MAGIC.len() as i64;
        let footer_starts = Rc::new(Cell::new(false));
        let to_out = Forward {
            out: &mut self.out,
            written: &mut self.written,
            skip: MAGIC.len(),
            stop: footer_starts.clone(),
        };
        let mut writer = FileWriter::try_new(to_out, self.schema.clone(), self.options)?;
        writer.write(self.rows as u64, group)?;
        footer_starts.set(true);
        writer.end(None)?;
        let (_, mut metadata) = writer.into_inner_and_metadata();
        self.spill.clear()?;
        self.rows = 0;
        let ordinal = self.footer.as_ref().map_or(0, |f| f.row_groups.len());
        for group in &mut metadata.row_groups {
            group.ordinal = i16::try_from(ordinal).ok();
            group.file_offset = group.file_offset.map(|o| o + shift);
            for column in &mut group.columns {
                column.file_offset += shift;
                (column.offset_index_offset, column.offset_index_length) = (None, None);
                (column.column_index_offset, column.column_index_length) = (None, None);
                if let Some(meta) = &mut column.meta_data {
                    meta.data_page_offset += shift;
                    for offset in [
                        &mut meta.index_page_offset,
                        &mut meta.dictionary_page_offset,
                        &mut meta.bloom_filter_offset,
                    ] {
                        *offset = offset.map(|o| o + shift);
                    }
                }
            }
        }
        match &mut self.footer {
            Some(footer) => footer.row_groups.append(&mut metadata.row_groups),
            None => self.footer = Some(metadata),
        }
        Ok(())
    }

    /// Writes what is held and the footer.
    pub fn finish(&mut self) -> PolarsResult<()> {
        self.flush()?;
        let mut footer = match self.footer.take() {
            Some(footer) => footer,
            None => {
                let mut empty =
                    FileWriter::try_new(std::io::sink(), self.schema.clone(), self.options)?;
                empty.end(None)?;
                empty.into_inner_and_metadata().1
            }
        };
        footer.num_rows = footer.row_groups.iter().map(|g| g.num_rows).sum();
        footer.key_value_metadata = Some(std::mem::take(&mut self.key_value));
        // A file of the footer alone: its magic, the metadata, their length, the magic.
        let mut bytes = Vec::new();
        write_metadata_sidecar(&mut bytes, &footer)?;
        self.out.write_all(&bytes[MAGIC.len()..])?;
        self.out.flush()?;
        Ok(())
    }
}

/// Gives `out` what a row group's writer writes, without the magic bytes it starts with
/// and from `stop` on (its page index and footer).
struct Forward<'a, W: Write> {
    out: &'a mut W,
    written: &'a mut u64,
    skip: usize,
    stop: Rc<Cell<bool>>,
}

impl<W: Write> Write for Forward<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let skipped = self.skip.min(buf.len());
        self.skip -= skipped;
        if !self.stop.get() {
            self.out.write_all(&buf[skipped..])?;
            *self.written += (buf.len() - skipped) as u64;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl ColumnChunk {
    /// Encodes and compresses rows into pages, and moves the pages' bytes to the spill file.
    fn encode(
        &mut self,
        rows: &Series,
        options: WriteOptions,
        spill: &mut Spill,
    ) -> PolarsResult<()> {
        let array = rows.rechunk().to_arrow(0, CompatLevel::newest());
        // The tables' columns are flat: one leaf each.
        let leaves = array_to_columns(
            &array,
            self.parquet_type.clone(),
            options,
            &[Encoding::Plain],
        )?;
        for encoded in leaves {
            for page in encoded {
                let mut page = compress(page?)?;
                if let CompressedPage::Data(data) = &page {
                    self.pages_bytes += data.uncompressed_size();
                }
                let spilled = spill.append(&mut page)?;
                self.pages.push(SpilledPage { page, spilled });
            }
        }
        Ok(())
    }
}

/// Compresses a page with zstd at its default level. Each thread keeps its context: creating
/// one for every page, as polars does, took 2% of a run.
fn compress(page: Page) -> PolarsResult<CompressedPage> {
    let Page::Data(data) = page else {
        // Plain columns make no dictionary pages.
        return Ok(polars_parquet::write::compress(
            page,
            Vec::new(),
            COMPRESSION,
        )?);
    };
    thread_local! {
        static ZSTD: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    }
    let bytes = ZSTD.with(|zstd| -> std::io::Result<Vec<u8>> {
        let mut zstd = zstd.borrow_mut();
        let compressor = match zstd.as_mut() {
            Some(compressor) => compressor,
            None => zstd.insert(zstd::bulk::Compressor::new(
                zstd::DEFAULT_COMPRESSION_LEVEL,
            )?),
        };
        compressor.compress(data.buffer())
    })?;
    Ok(CompressedPage::Data(CompressedDataPage::new(
        data.header().clone(),
        CowBuffer::Owned(bytes),
        Compression::Zstd,
        data.buffer().len(),
        data.descriptor.clone(),
        data.num_rows.expect("a page being written counts its rows"),
    )))
}

/// The file the compressed pages of a row group wait in. It is unlinked as soon as it is
/// open where the system allows, so that nothing is left of it even if the run is killed.
struct Spill {
    file: File,
    /// The file's path while it is still linked (where an open file cannot be removed).
    linked: Option<PathBuf>,
    len: u64,
}

impl Spill {
    fn create(path: PathBuf) -> std::io::Result<Spill> {
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)?;
        let linked = std::fs::remove_file(&path).is_err().then_some(path);
        Ok(Spill {
            file,
            linked,
            len: 0,
        })
    }

    /// Moves a data page's bytes to the end of the file; returns where they are. (Plain
    /// columns have no dictionary pages, whose bytes polars does not let out.)
    fn append(&mut self, page: &mut CompressedPage) -> std::io::Result<Option<(u64, usize)>> {
        let CompressedPage::Data(data) = page else {
            return Ok(None);
        };
        let bytes = std::mem::replace(data.slice_mut(), CowBuffer::Owned(Vec::new()));
        let offset = self.len;
        self.file.write_all(&bytes)?;
        self.len += bytes.len() as u64;
        Ok(Some((offset, bytes.len())))
    }

    /// Empties the file for the next row group; writing starts again at its beginning (the
    /// reads of the last group moved the position).
    fn clear(&mut self) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        self.len = 0;
        Ok(())
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        if let Some(path) = &self.linked {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The pages of one column chunk, each read back from the spill file when its turn comes,
/// so that one page at a time is in memory.
struct Unspill<'a> {
    spill: &'a File,
    pages: std::vec::IntoIter<SpilledPage>,
    current: Option<CompressedPage>,
}

impl FallibleStreamingIterator for Unspill<'_> {
    type Item = CompressedPage;
    type Error = PolarsError;

    fn advance(&mut self) -> PolarsResult<()> {
        self.current = match self.pages.next() {
            None => None,
            Some(SpilledPage { mut page, spilled }) => {
                if let (CompressedPage::Data(data), Some((offset, len))) = (&mut page, spilled) {
                    let mut bytes = vec![0; len];
                    let mut spill = self.spill;
                    spill.seek(SeekFrom::Start(offset))?;
                    spill.read_exact(&mut bytes)?;
                    *data.slice_mut() = CowBuffer::Owned(bytes);
                }
                Some(page)
            }
        };
        Ok(())
    }

    fn get(&self) -> Option<&CompressedPage> {
        self.current.as_ref()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.pages.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(first: i64) -> DataFrame {
        let ids: Vec<i64> = (first..first + 3).collect();
        let names: Vec<Option<String>> = ids
            .iter()
            .map(|i| (i % 2 == 0).then(|| format!("tên {i}")))
            .collect();
        DataFrame::new(
            3,
            vec![
                Column::new("id".into(), ids),
                Column::new("name".into(), names),
            ],
        )
        .unwrap()
    }

    /// Writes `batches` with `limits`, in a folder named after `name`; gives the rows of each
    /// row group, the table read back, and the rows written.
    fn write(
        name: &str,
        limits: RowGroupLimits,
        batches: &[DataFrame],
    ) -> (Vec<usize>, DataFrame, DataFrame) {
        let dir = std::env::temp_dir().join(format!("thidua-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.parquet");
        let spill = dir.join("t.pages");
        let schema = batch(0).schema().as_ref().clone();
        let file = File::create(&path).unwrap();
        let kv =
            polars_parquet::write::schema_to_metadata_key(&schema.to_arrow(CompatLevel::oldest()));
        let mut sink = ParquetSink::new(file, &spill, &schema, kv).unwrap();
        sink.limits = limits;
        let mut all = batch(0).clear();
        for b in batches {
            sink.write(b).unwrap();
            all.vstack_mut(b).unwrap();
        }
        sink.finish().unwrap();
        drop(sink);
        assert!(!spill.exists(), "the spill file is removed");

        let mut file = File::open(&path).unwrap();
        let meta = polars_parquet::read::read_metadata(&mut file).unwrap();
        let rows = meta.row_groups.iter().map(|g| g.num_rows()).collect();
        let back = ParquetReader::new(File::open(&path).unwrap())
            .finish()
            .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        (rows, back, all)
    }

    #[test]
    fn batches_become_row_groups_of_the_limit_and_read_back_whole() {
        let limits = RowGroupLimits {
            bytes: usize::MAX,
            rows: 4,
            pages: usize::MAX,
        };
        let batches: Vec<DataFrame> = [0, 3, 6, 9, 12].map(batch).to_vec();
        let (rows, back, all) = write("row-limit", limits, &batches);
        assert_eq!(rows, [6, 6, 3]);
        assert!(back.equals_missing(&all), "{back}\n{all}");
    }

    #[test]
    fn a_row_group_ends_at_the_page_limit_and_empty_batches_add_nothing() {
        // Two columns: a page each per batch.
        let limits = RowGroupLimits {
            bytes: usize::MAX,
            rows: usize::MAX,
            pages: 4,
        };
        let batches = [batch(0), batch(3).clear(), batch(3), batch(6)];
        let (rows, back, all) = write("page-limit", limits, &batches);
        assert_eq!(rows, [6, 3]);
        assert!(back.equals_missing(&all), "{back}\n{all}");
    }

    #[test]
    fn a_table_without_rows_is_a_file_of_its_columns() {
        let (rows, back, all) = write("no-rows", ROW_GROUP_LIMITS, &[batch(0).clear()]);
        assert!(rows.is_empty());
        assert_eq!(back.height(), 0);
        assert_eq!(back.schema(), all.schema());
    }
}
