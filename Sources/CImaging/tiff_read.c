/* libtiff reading from memory with per-handle error handlers (libtiff 4.5+
   TIFFOpenOptions); the global stderr handlers are switched off. */
#include "daftar_imaging.h"
#include "internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

/* Largest single buffer libtiff may allocate for one strip or tile. */
#define DT_TIFF_MAX_SINGLE_ALLOC (1024LL * 1024 * 1024)

struct dt_tiff {
    const uint8_t *data;
    uint64_t size;
    uint64_t position;
    TIFF *tif;
    dt_tiff_errors log;   /* outlives the TIFF*: libtiff writes here until close */
};

static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;
static void silence_global_handlers(void) {
    TIFFSetErrorHandler(NULL);
    TIFFSetWarningHandler(NULL);
}

void dt_tiff_silence_global_handlers(void) {
    pthread_once(&handlers_once, silence_global_handlers);
}

int dt_tiff_record_error(TIFF *tif, void *user, const char *module, const char *format, va_list args) {
    (void)tif; (void)module;
    dt_tiff_errors *log = (dt_tiff_errors *)user;
    if (log->errors == 0) vsnprintf(log->error, sizeof(log->error), format, args);
    log->errors++;
    return 1;
}

int dt_tiff_drop_warning(TIFF *tif, void *user, const char *module, const char *format, va_list args) {
    (void)tif; (void)user; (void)module; (void)format; (void)args;
    return 1;
}

static void clear_errors(dt_tiff_errors *log) {
    log->errors = 0;
    log->error[0] = '\0';
}

static tmsize_t mem_read(thandle_t handle, void *buffer, tmsize_t size) {
    struct dt_tiff *tiff = (struct dt_tiff *)handle;
    if (size <= 0 || tiff->position >= tiff->size) return 0;
    uint64_t available = tiff->size - tiff->position;
    uint64_t count = (uint64_t)size < available ? (uint64_t)size : available;
    memcpy(buffer, tiff->data + tiff->position, (size_t)count);
    tiff->position += count;
    return (tmsize_t)count;
}

static tmsize_t mem_write(thandle_t handle, void *buffer, tmsize_t size) {
    (void)handle; (void)buffer; (void)size;
    return -1;
}

static toff_t mem_seek(thandle_t handle, toff_t offset, int whence) {
    struct dt_tiff *tiff = (struct dt_tiff *)handle;
    uint64_t base = whence == SEEK_CUR ? tiff->position : whence == SEEK_END ? tiff->size : 0;
    tiff->position = base + offset;
    return tiff->position;
}

static int mem_close(thandle_t handle) { (void)handle; return 0; }
static toff_t mem_size(thandle_t handle) { return ((struct dt_tiff *)handle)->size; }
static int mem_map(thandle_t handle, void **base, toff_t *size) {
    struct dt_tiff *tiff = (struct dt_tiff *)handle;
    *base = (void *)tiff->data;
    *size = tiff->size;
    return 1;
}
static void mem_unmap(thandle_t handle, void *base, toff_t size) { (void)handle; (void)base; (void)size; }

dt_tiff *dt_tiff_open(const uint8_t *data, size_t size, char *message, size_t message_size) {
    dt_tiff_silence_global_handlers();
    struct dt_tiff *tiff = calloc(1, sizeof(struct dt_tiff));
    if (tiff == NULL) { dt_set_message(message, message_size, "out of memory"); return NULL; }
    tiff->data = data;
    tiff->size = size;
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) { free(tiff); dt_set_message(message, message_size, "out of memory"); return NULL; }
    TIFFOpenOptionsSetErrorHandlerExtR(options, dt_tiff_record_error, &tiff->log);
    TIFFOpenOptionsSetWarningHandlerExtR(options, dt_tiff_drop_warning, &tiff->log);
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, DT_TIFF_MAX_SINGLE_ALLOC);
    tiff->tif = TIFFClientOpenExt("memory", "r", (thandle_t)tiff, mem_read, mem_write, mem_seek,
                                  mem_close, mem_size, mem_map, mem_unmap, options);
    TIFFOpenOptionsFree(options);
    if (tiff->tif == NULL) {
        dt_set_message(message, message_size, "%s", tiff->log.errors ? tiff->log.error : "not a readable TIFF");
        free(tiff);
        return NULL;
    }
    return tiff;
}

int32_t dt_tiff_page_count(dt_tiff *tiff, int32_t *cut, char *message, size_t message_size) {
    *cut = 0;
    message[0] = '\0';
    if (!TIFFSetDirectory(tiff->tif, 0)) return 0;
    int32_t count = 1;
    clear_errors(&tiff->log);
    /* libtiff stops quietly at the end of the chain, and with an error at a loop
       or at a directory it cannot read (a file cut short: the directory is
       beyond its end). Only the last is a page lost. */
    while (TIFFReadDirectory(tiff->tif)) {
        count++;
        clear_errors(&tiff->log);
    }
    if (tiff->log.errors && strstr(tiff->log.error, "looping") == NULL) {
        *cut = 1;
        dt_set_message(message, message_size, "%s", tiff->log.error);
    }
    clear_errors(&tiff->log);
    return count;
}

/* Resolution tags as dots per inch, when present and plausible. */
static void read_resolution(TIFF *tif, dt_image *out) {
    float xres = 0, yres = 0;
    uint16_t unit = RESUNIT_INCH;
    if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xres) && TIFFGetField(tif, TIFFTAG_YRESOLUTION, &yres)) {
        TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
        const double scale = unit == RESUNIT_CENTIMETER ? 2.54 : unit == RESUNIT_INCH ? 1.0 : 0.0;
        if (xres > 0 && yres > 0 && scale > 0) {
            out->xdpi = xres * scale;
            out->ydpi = yres * scale;
        }
    }
}

/* Converts libtiff's packed ABGR raster in place to gray or RGB on white. */
static void raster_to_samples(uint32_t *raster, size_t count, int gray) {
    uint8_t *out = (uint8_t *)raster;
    for (size_t i = 0; i < count; i++) {
        const uint32_t pixel = raster[i];
        const unsigned alpha = TIFFGetA(pixel);
        const unsigned white = 255 - alpha; /* libtiff's RGBA is premultiplied */
        unsigned r = TIFFGetR(pixel) + white, g = TIFFGetG(pixel) + white, b = TIFFGetB(pixel) + white;
        if (r > 255) r = 255;
        if (g > 255) g = 255;
        if (b > 255) b = 255;
        if (gray) {
            out[i] = (uint8_t)r;
        } else {
            out[i * 3] = (uint8_t)r;
            out[i * 3 + 1] = (uint8_t)g;
            out[i * 3 + 2] = (uint8_t)b;
        }
    }
}

/* The common scanner layouts (1-, 8- or 16-bit gray in strips) decoded straight
   into 8-bit gray, without libtiff's 4-bytes-a-pixel RGBA raster. Returns 1 when
   it handled the page (ok or not: see *status), 0 when the page needs the
   general RGBA path. */
static int read_gray_strips(struct dt_tiff *tiff, uint32_t width, uint32_t height, uint16_t photometric,
                            uint8_t **out, int *status, char *message, size_t message_size, int32_t index) {
    TIFF *tif = tiff->tif;
    uint16_t bits = 1, samples = 1, format = SAMPLEFORMAT_UINT, fill = FILLORDER_MSB2LSB, compression = 1;
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_FILLORDER, &fill);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
    if (samples != 1 || format != SAMPLEFORMAT_UINT || fill != FILLORDER_MSB2LSB || TIFFIsTiled(tif)
        || compression == COMPRESSION_OJPEG || !(bits == 1 || bits == 8 || bits == 16)
        || !(photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE)) {
        return 0;
    }
    uint32_t rows_per_strip = height;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
    if (rows_per_strip == 0 || rows_per_strip > height) rows_per_strip = height;
    const size_t row_bytes = bits == 1 ? ((size_t)width + 7) / 8 : (size_t)width * (bits / 8);
    const tmsize_t strip_size = TIFFStripSize(tif);
    const uint32_t strips = TIFFNumberOfStrips(tif);
    uint8_t *pixels = malloc((size_t)width * height);
    uint8_t *buffer = strip_size > 0 ? malloc((size_t)strip_size) : NULL;
    if (pixels == NULL || buffer == NULL) {
        free(pixels);
        free(buffer);
        dt_set_message(message, message_size, "out of memory for %ux%u pixels", width, height);
        *status = DT_FAILED;
        return 1;
    }
    const uint8_t invert = photometric == PHOTOMETRIC_MINISWHITE ? 0xFF : 0x00;
    uint32_t strip = 0;
    for (uint32_t row = 0; row < height; row += rows_per_strip, strip++) {
        const uint32_t rows = rows_per_strip < height - row ? rows_per_strip : height - row;
        tmsize_t got = strip < strips ? TIFFReadEncodedStrip(tif, strip, buffer, strip_size) : -1;
        if (got < 0 || tiff->log.errors || (size_t)got < rows * row_bytes) {
            dt_set_message(message, message_size, "TIFF directory %d: %s", index + 1,
                           tiff->log.errors ? tiff->log.error : "strip data is missing or short");
            free(pixels);
            free(buffer);
            *status = DT_CORRUPT;
            return 1;
        }
        for (uint32_t r = 0; r < rows; r++) {
            const uint8_t *src = buffer + (size_t)r * row_bytes;
            uint8_t *dst = pixels + (size_t)(row + r) * width;
            if (bits == 8) {
                for (uint32_t x = 0; x < width; x++) dst[x] = src[x] ^ invert;
            } else if (bits == 16) {
                const uint16_t *wide = (const uint16_t *)src;  /* libtiff has swapped to host order */
                for (uint32_t x = 0; x < width; x++) dst[x] = (uint8_t)(wide[x] >> 8) ^ invert;
            } else {
                /* 1 bit: a set bit is white for min-is-black, black for min-is-white. */
                for (uint32_t x = 0; x < width; x++) {
                    const uint8_t bit = (src[x >> 3] >> (7 - (x & 7))) & 1;
                    dst[x] = (uint8_t)(bit ? 0xFF : 0x00) ^ invert;
                }
            }
        }
    }
    free(buffer);
    *out = pixels;
    *status = DT_OK;
    return 1;
}

int dt_tiff_read_page(dt_tiff *tiff, int32_t index, uint64_t max_pixels,
                      dt_image *out, char *message, size_t message_size) {
    memset(out, 0, sizeof(*out));
    message[0] = '\0';
    clear_errors(&tiff->log);
    TIFF *tif = tiff->tif;
    if (!TIFFSetDirectory(tif, (tdir_t)index)) {
        dt_set_message(message, message_size, "TIFF directory %d: %s", index + 1,
                       tiff->log.errors ? tiff->log.error : "cannot be read");
        return DT_CORRUPT;
    }
    /* Tag-level complaints libtiff recovered from do not spoil the pixels;
       only errors while decoding them do. */
    clear_errors(&tiff->log);
    uint32_t width = 0, height = 0;
    uint16_t photometric = 0, orientation = ORIENTATION_TOPLEFT;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
    int status = dt_check_pixels(width, height, max_pixels, message, message_size);
    if (status != DT_OK) return status;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ORIENTATION, &orientation);
    if (orientation < 1 || orientation > 8) orientation = ORIENTATION_TOPLEFT;
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric)) photometric = PHOTOMETRIC_MINISWHITE;

    uint16_t compression = COMPRESSION_NONE;
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
    if (!TIFFIsCODECConfigured(compression)) {
        dt_set_message(message, message_size, "TIFF directory %d: unsupported: compression scheme %u is not built into this libtiff",
                       index + 1, compression);
        return DT_UNSUPPORTED;
    }
    uint8_t *gray_pixels = NULL;
    int gray_status = DT_OK;
    if (read_gray_strips(tiff, width, height, photometric, &gray_pixels, &gray_status, message, message_size, index)) {
        if (gray_status != DT_OK) return gray_status;
        read_resolution(tif, out);
        out->width = (int32_t)width;
        out->height = (int32_t)height;
        out->channels = 1;
        out->pixels = gray_pixels;
        out->orientation = orientation;
        return DT_OK;
    }
    char reason[1024];
    if (!TIFFRGBAImageOK(tif, reason)) {
        dt_set_message(message, message_size, "TIFF directory %d: unsupported: %s", index + 1, reason);
        return DT_UNSUPPORTED;
    }
    const size_t count = (size_t)width * height;
    uint32_t *raster = malloc(count * sizeof(uint32_t));
    if (raster == NULL) {
        dt_set_message(message, message_size, "out of memory for %ux%u pixels", width, height);
        return DT_FAILED;
    }
    /* Asking for the file's own orientation makes libtiff keep the stored row
       and column order; the Swift side applies the tag for every format alike. */
    int ok = TIFFReadRGBAImageOriented(tif, width, height, raster, orientation, 1);
    if (!ok && strncmp(tiff->log.error, "Sorry, can not handle", 21) == 0) {
        dt_set_message(message, message_size, "TIFF directory %d: unsupported: %s", index + 1, tiff->log.error);
        free(raster);
        return DT_UNSUPPORTED;
    }
    if (!ok || tiff->log.errors) {
        dt_set_message(message, message_size, "TIFF directory %d: %s", index + 1,
                       tiff->log.errors ? tiff->log.error : "pixel data cannot be decoded");
        free(raster);
        return DT_CORRUPT;
    }
    const int gray = photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE;
    raster_to_samples(raster, count, gray);
    uint8_t *pixels = realloc(raster, count * (gray ? 1 : 3));
    if (pixels == NULL) pixels = (uint8_t *)raster;

    read_resolution(tif, out);
    out->width = (int32_t)width;
    out->height = (int32_t)height;
    out->channels = gray ? 1 : 3;
    out->pixels = pixels;
    out->orientation = orientation;
    return DT_OK;
}

void dt_tiff_close(dt_tiff *tiff) {
    if (tiff == NULL) return;
    if (tiff->tif != NULL) TIFFClose(tiff->tif);
    free(tiff);
}
