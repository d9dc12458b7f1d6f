//! What xtask's size report (`xtask/src/sizes.rs`) measures of a file: its size compressed as
//! `gzip -9` and as `brotli -q 11` (window 22) compress, in memory.
//!
//! A crate of its own so that it can be compiled optimised in the dev profile, which `cargo xtask`
//! runs in, while xtask is not (the workspace's Cargo.toml says so). brotli's encoder is generic
//! (over its allocator, reader and writer), and generic code is compiled, optimised or not, in
//! the crate that instantiates it: this one. Measured on the page's 777 KB wasm: 1.2 s optimised,
//! 2.9 s with only brotli's own crates optimised, 10-30 s unoptimised.

use std::io::Write;

/// The length of `bytes` compressed by gzip at level 9.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gzip into memory");
    gz.finish().expect("gzip into memory").len()
}

/// The length of `bytes` compressed by brotli at quality 11 with a 4 MB (2^22) window.
pub fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli into memory");
    out.len()
}
