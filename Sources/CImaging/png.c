/* libpng behind one function per direction: setjmp, every libpng call that
   can fail, and the error callback live here; no longjmp reaches Swift. */
#include "daftar_imaging.h"
#include "internal.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t position;
    char *message;
    size_t message_size;
    int status;            /* set before png_error to pick the outcome */
    uint64_t max_pixels;
} png_reader;

static void png_reader_error(png_structp png, png_const_charp text) {
    png_reader *reader = (png_reader *)png_get_error_ptr(png);
    if (reader->status == DT_OK) reader->status = DT_CORRUPT;
    if (reader->message[0] == '\0') dt_set_message(reader->message, reader->message_size, "%s", text);
    png_longjmp(png, 1);
}

static void png_reader_warning(png_structp png, png_const_charp text) {
    (void)png; (void)text; /* ancillary damage: libpng recovers, so do we */
}

static void png_reader_read(png_structp png, png_bytep out, size_t count) {
    png_reader *reader = (png_reader *)png_get_io_ptr(png);
    if (count > reader->size - reader->position) {
        dt_set_message(reader->message, reader->message_size, "file is truncated");
        reader->status = DT_CORRUPT;
        png_longjmp(png, 1);
    }
    memcpy(out, reader->data + reader->position, count);
    reader->position += count;
}

/* Composites gray+alpha or RGBA rows (8-bit) onto white, in place, dropping alpha. */
static void composite_on_white(uint8_t *pixels, size_t count, int color_channels) {
    const int stride = color_channels + 1;
    for (size_t i = 0; i < count; i++) {
        const uint8_t *src = pixels + i * stride;
        uint8_t *dst = pixels + i * color_channels;
        const unsigned alpha = src[color_channels];
        for (int c = 0; c < color_channels; c++) {
            dst[c] = (uint8_t)((src[c] * alpha + 255u * (255u - alpha) + 127u) / 255u);
        }
    }
}

int dt_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                  dt_image *out, char *message, size_t message_size) {
    message[0] = '\0';
    if (dt_png_decode_direct(data, size, max_pixels, out)) return DT_OK;
    return dt_png_decode_libpng(data, size, max_pixels, out, message, message_size);
}

int dt_png_decode_libpng(const uint8_t *data, size_t size, uint64_t max_pixels,
                         dt_image *out, char *message, size_t message_size) {
    memset(out, 0, sizeof(*out));
    message[0] = '\0';
    png_reader reader = {data, size, 0, message, message_size, DT_OK, max_pixels};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader,
                                             png_reader_error, png_reader_warning);
    if (png == NULL) { dt_set_message(message, message_size, "out of memory"); return DT_FAILED; }
    png_infop info = png_create_info_struct(png);
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        dt_set_message(message, message_size, "out of memory");
        return DT_FAILED;
    }
    if (setjmp(png_jmpbuf(png))) {
        free(pixels);
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        return reader.status == DT_OK ? DT_CORRUPT : reader.status;
    }
    /* Our own pixel limit speaks first; libpng's default limits would name theirs. */
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_set_read_fn(png, &reader, png_reader_read);
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    int status = dt_check_pixels(width, height, max_pixels, message, message_size);
    if (status != DT_OK) {
        reader.status = status;
        png_longjmp(png, 1);
    }
    png_set_expand(png);     /* palette -> RGB, gray < 8 bits -> 8, tRNS -> alpha */
    png_set_scale_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    const int channels = png_get_channels(png, info);
    const size_t row_bytes = png_get_rowbytes(png, info);
    pixels = malloc(row_bytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    if (pixels == NULL || rows == NULL) {
        dt_set_message(message, message_size, "out of memory for %ux%u pixels", width, height);
        reader.status = DT_FAILED;
        png_longjmp(png, 1);
    }
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    png_uint_32 res_x = 0, res_y = 0;
    int unit = 0;
    if (png_get_pHYs(png, info, &res_x, &res_y, &unit) && unit == PNG_RESOLUTION_METER) {
        out->xdpi = res_x * 0.0254;
        out->ydpi = res_y * 0.0254;
    }
    int color_channels = channels;
    if (channels == 2 || channels == 4) {
        color_channels = channels - 1;
        composite_on_white(pixels, (size_t)width * height, color_channels);
    }
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    out->width = (int32_t)width;
    out->height = (int32_t)height;
    out->channels = color_channels;
    out->pixels = pixels;
    out->orientation = 1;
    return DT_OK;
}

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
    int failed;
    char *message;
    size_t message_size;
} png_writer;

static void png_writer_error(png_structp png, png_const_charp text) {
    png_writer *writer = (png_writer *)png_get_error_ptr(png);
    dt_set_message(writer->message, writer->message_size, "%s", text);
    png_longjmp(png, 1);
}

static void png_writer_write(png_structp png, png_bytep bytes, size_t count) {
    png_writer *writer = (png_writer *)png_get_io_ptr(png);
    if (writer->size + count > writer->capacity) {
        size_t capacity = writer->capacity ? writer->capacity : 65536;
        while (capacity < writer->size + count) capacity *= 2;
        uint8_t *grown = realloc(writer->data, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        writer->data = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->data + writer->size, bytes, count);
    writer->size += count;
}

static void png_writer_flush(png_structp png) { (void)png; }

int dt_png_encode(const uint8_t *pixels, int32_t width, int32_t height,
                  int32_t channels, int32_t bit_depth, double dpi,
                  uint8_t **out, size_t *out_size, char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    png_writer writer = {NULL, 0, 0, 0, message, message_size};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer, png_writer_error, NULL);
    if (png == NULL) return DT_FAILED;
    png_infop info = png_create_info_struct(png);
    uint8_t *volatile row = NULL;
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        free(row);
        free(writer.data);
        png_destroy_write_struct(&png, &info);
        return DT_FAILED;
    }
    png_set_write_fn(png, &writer, png_writer_write, png_writer_flush);
    const int color_type = channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB;
    const int depth = bit_depth == 16 ? 16 : 8;
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, depth, color_type,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (dpi > 0) {
        const png_uint_32 ppm = (png_uint_32)(dpi / 0.0254 + 0.5);
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    png_write_info(png, info);
    const size_t samples = (size_t)width * channels;
    row = malloc(samples * 2);
    if (row == NULL) png_error(png, "out of memory");
    for (int32_t y = 0; y < height; y++) {
        const uint8_t *src = pixels + (size_t)y * samples;
        if (depth == 16) {
            for (size_t i = 0; i < samples; i++) { row[2 * i] = src[i]; row[2 * i + 1] = src[i]; }
            png_write_row(png, row);
        } else {
            png_write_row(png, (png_const_bytep)src);
        }
    }
    png_write_end(png, NULL);
    free(row);
    png_destroy_write_struct(&png, &info);
    *out = writer.data;
    *out_size = writer.size;
    return DT_OK;
}
