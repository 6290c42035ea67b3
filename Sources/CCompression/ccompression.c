#include "ccompression.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

// The few libzstd entry points used, declared from its stable ABI (zstd.h, "stable API" section), so
// building needs no libzstd-dev; the library itself is looked up when a .zst input is opened.
typedef struct { const void *src; size_t size; size_t pos; } bc_zstd_in;
typedef struct { void *dst; size_t size; size_t pos; } bc_zstd_out;
typedef void *(*bc_zstd_create_fn)(void);
typedef size_t (*bc_zstd_free_fn)(void *);
typedef size_t (*bc_zstd_decompress_fn)(void *, bc_zstd_out *, bc_zstd_in *);
typedef unsigned (*bc_zstd_is_error_fn)(size_t);
typedef const char *(*bc_zstd_error_name_fn)(size_t);

static struct {
    int loaded;  // 0 not tried, 1 loaded, -1 unavailable
    bc_zstd_create_fn create;
    bc_zstd_free_fn free_stream;
    bc_zstd_decompress_fn decompress;
    bc_zstd_is_error_fn is_error;
    bc_zstd_error_name_fn error_name;
} zstd;

static int load_zstd(void) {
    if (zstd.loaded) return zstd.loaded > 0;
    void *lib = dlopen("libzstd.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) lib = dlopen("libzstd.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib) lib = dlopen("libzstd.1.dylib", RTLD_NOW | RTLD_LOCAL);
    if (lib) {
        zstd.create = (bc_zstd_create_fn)dlsym(lib, "ZSTD_createDStream");
        zstd.free_stream = (bc_zstd_free_fn)dlsym(lib, "ZSTD_freeDStream");
        zstd.decompress = (bc_zstd_decompress_fn)dlsym(lib, "ZSTD_decompressStream");
        zstd.is_error = (bc_zstd_is_error_fn)dlsym(lib, "ZSTD_isError");
        zstd.error_name = (bc_zstd_error_name_fn)dlsym(lib, "ZSTD_getErrorName");
    }
    int ok = lib && zstd.create && zstd.free_stream && zstd.decompress && zstd.is_error && zstd.error_name;
    zstd.loaded = ok ? 1 : -1;
    return ok;
}

int32_t bc_zstd_available(void) { return load_zstd(); }

struct bc_decompressor {
    int32_t format;
    z_stream z;
    void *zstd_stream;
};

static void set_error(char *error, size_t size, const char *message) {
    if (error && size) snprintf(error, size, "%s", message ? message : "unknown error");
}

bc_decompressor *bc_decompressor_open(int32_t format, char *error, size_t error_size) {
    bc_decompressor *d = calloc(1, sizeof *d);
    if (!d) { set_error(error, error_size, "out of memory"); return NULL; }
    d->format = format;
    if (format == BC_FORMAT_GZIP) {
        // 15 + 32: a 32 KiB window, gzip or zlib header detected automatically.
        if (inflateInit2(&d->z, 15 + 32) != Z_OK) { set_error(error, error_size, "zlib: cannot initialise"); free(d); return NULL; }
        return d;
    }
    if (format == BC_FORMAT_ZSTD) {
        if (!load_zstd()) { set_error(error, error_size, "zstd input needs libzstd (libzstd.so.1), which is not installed"); free(d); return NULL; }
        d->zstd_stream = zstd.create();
        if (!d->zstd_stream) { set_error(error, error_size, "zstd: cannot create a stream"); free(d); return NULL; }
        return d;
    }
    set_error(error, error_size, "unknown compression format");
    free(d);
    return NULL;
}

void bc_decompressor_close(bc_decompressor *d) {
    if (!d) return;
    if (d->format == BC_FORMAT_GZIP) inflateEnd(&d->z);
    if (d->format == BC_FORMAT_ZSTD && d->zstd_stream) zstd.free_stream(d->zstd_stream);
    free(d);
}

int32_t bc_decompress(bc_decompressor *d, const uint8_t *input, size_t input_size, size_t *consumed,
                      uint8_t *output, size_t output_size, size_t *produced, char *error, size_t error_size) {
    *consumed = 0;
    *produced = 0;
    if (d->format == BC_FORMAT_GZIP) {
        d->z.next_in = (Bytef *)input;
        d->z.avail_in = (uInt)(input_size > 0x40000000u ? 0x40000000u : input_size);
        d->z.next_out = output;
        d->z.avail_out = (uInt)(output_size > 0x40000000u ? 0x40000000u : output_size);
        uInt in_before = d->z.avail_in, out_before = d->z.avail_out;
        int rc = inflate(&d->z, Z_NO_FLUSH);
        *consumed = in_before - d->z.avail_in;
        *produced = out_before - d->z.avail_out;
        if (rc == Z_STREAM_END) {
            inflateReset(&d->z);  // another gzip member may follow (concatenated .gz files)
            return 1;
        }
        if (rc == Z_OK || rc == Z_BUF_ERROR) return 0;
        set_error(error, error_size, d->z.msg ? d->z.msg : "corrupt gzip data");
        return -1;
    }
    bc_zstd_in in = {input, input_size, 0};
    bc_zstd_out out = {output, output_size, 0};
    size_t rc = zstd.decompress(d->zstd_stream, &out, &in);
    *consumed = in.pos;
    *produced = out.pos;
    if (zstd.is_error(rc)) { set_error(error, error_size, zstd.error_name(rc)); return -1; }
    return rc == 0 ? 1 : 0;
}
