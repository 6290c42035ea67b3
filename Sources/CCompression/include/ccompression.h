// Streaming decompression for boilerclean's inputs: gzip/zlib through the system zlib (linked), zstd
// through the system libzstd when it is installed (loaded at run time, so no development package is
// needed to build). Only plain C types cross this header.
#ifndef BOILERCLEAN_CCOMPRESSION_H
#define BOILERCLEAN_CCOMPRESSION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bc_decompressor bc_decompressor;

enum { BC_FORMAT_GZIP = 1, BC_FORMAT_ZSTD = 2 };

// Returns NULL with a message in `error` (capacity `error_size`) when the format is unavailable.
bc_decompressor *bc_decompressor_open(int32_t format, char *error, size_t error_size);
void bc_decompressor_close(bc_decompressor *d);

// Feeds `input` (may be empty at end of input) and fills `output`. `consumed` and `produced` report
// progress. Returns 0 to go on, 1 at the end of a stream/frame, -1 on corrupt data (message in `error`).
// A new gzip member or zstd frame may follow an end: keep calling while input remains.
int32_t bc_decompress(bc_decompressor *d, const uint8_t *input, size_t input_size, size_t *consumed,
                      uint8_t *output, size_t output_size, size_t *produced, char *error, size_t error_size);

// 1 when libzstd could be loaded on this machine.
int32_t bc_zstd_available(void);

#ifdef __cplusplus
}
#endif
#endif
