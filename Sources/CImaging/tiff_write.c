/* libtiff writing, for the project's own sample and benchmark generator. */
#include "daftar_imaging.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

struct dt_tiff_writer {
    TIFF *tif;
    dt_tiff_errors log;
};

dt_tiff_writer *dt_tiff_writer_open(const char *path, int32_t big_tiff, int32_t big_endian,
                                    char *message, size_t message_size) {
    dt_tiff_silence_global_handlers();
    struct dt_tiff_writer *writer = calloc(1, sizeof(struct dt_tiff_writer));
    if (writer == NULL) return NULL;
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, dt_tiff_record_error, &writer->log);
    TIFFOpenOptionsSetWarningHandlerExtR(options, dt_tiff_drop_warning, &writer->log);
    char mode[8] = "w";
    if (big_tiff) strcat(mode, "8");
    strcat(mode, big_endian ? "b" : "l");
    writer->tif = TIFFOpenExt(path, mode, options);
    TIFFOpenOptionsFree(options);
    if (writer->tif == NULL) {
        dt_set_message(message, message_size, "%s: %s", path, writer->log.errors ? writer->log.error : "cannot create");
        free(writer);
        return NULL;
    }
    return writer;
}

int dt_tiff_writer_add_page(dt_tiff_writer *writer, const uint8_t *pixels,
                            int32_t width, int32_t height, int32_t channels,
                            int32_t bits, int32_t compression, double dpi, int32_t tiled,
                            char *message, size_t message_size) {
    TIFF *tif = writer->tif;
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, (uint32_t)width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, (uint32_t)height);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)channels);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)bits);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, (uint16_t)compression);
    uint16_t photometric = channels == 3 ? PHOTOMETRIC_RGB : bits == 1 ? PHOTOMETRIC_MINISWHITE : PHOTOMETRIC_MINISBLACK;
    if (compression == DT_TIFF_JPEG && channels == 3) {
        photometric = PHOTOMETRIC_YCBCR;
        TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    }
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, photometric);
    if (compression == DT_TIFF_LZW || compression == DT_TIFF_DEFLATE) TIFFSetField(tif, TIFFTAG_PREDICTOR, 2);
    if (dpi > 0) {
        TIFFSetField(tif, TIFFTAG_XRESOLUTION, (float)dpi);
        TIFFSetField(tif, TIFFTAG_YRESOLUTION, (float)dpi);
        TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
    }
    TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);

    const size_t row_bytes = bits == 1 ? ((size_t)width + 7) / 8 : (size_t)width * channels * (bits / 8);
    uint8_t *row = calloc(1, row_bytes);
    if (row == NULL) { dt_set_message(message, message_size, "out of memory"); return DT_FAILED; }
    uint32_t tile_size = 256;
    uint8_t *tile = NULL;
    if (tiled) {
        TIFFSetField(tif, TIFFTAG_TILEWIDTH, tile_size);
        TIFFSetField(tif, TIFFTAG_TILELENGTH, tile_size);
        tile = calloc(1, (size_t)tile_size * tile_size * channels * (bits / 8 ? bits / 8 : 1));
    } else {
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 0));
    }
    int ok = 1;
    if (!tiled) {
        for (int32_t y = 0; y < height && ok; y++) {
            const uint8_t *src = pixels + (size_t)y * width * channels;
            if (bits == 1) {
                memset(row, 0, row_bytes);
                for (int32_t x = 0; x < width; x++)
                    if (src[x] < 128) row[x >> 3] |= (uint8_t)(0x80 >> (x & 7)); /* 1 = black */
            } else if (bits == 16) {
                uint16_t *wide = (uint16_t *)row;
                for (size_t i = 0; i < (size_t)width * channels; i++) wide[i] = (uint16_t)(src[i] * 257);
            } else {
                memcpy(row, src, row_bytes);
            }
            ok = TIFFWriteScanline(tif, row, (uint32_t)y, 0) >= 0;
        }
    } else if (tile != NULL && bits == 8) {
        for (int32_t ty = 0; ty < height && ok; ty += tile_size) {
            for (int32_t tx = 0; tx < width && ok; tx += tile_size) {
                memset(tile, 255, (size_t)tile_size * tile_size * channels);
                for (uint32_t y = 0; y < tile_size && ty + (int32_t)y < height; y++) {
                    size_t n = (size_t)((width - tx) < (int32_t)tile_size ? (width - tx) : (int32_t)tile_size) * channels;
                    memcpy(tile + (size_t)y * tile_size * channels,
                           pixels + ((size_t)(ty + y) * width + tx) * channels, n);
                }
                ok = TIFFWriteTile(tif, tile, (uint32_t)tx, (uint32_t)ty, 0, 0) >= 0;
            }
        }
    } else {
        ok = 0;
        dt_set_message(message, message_size, "tiles are written for 8-bit pages only");
    }
    free(row);
    free(tile);
    if (ok) ok = TIFFWriteDirectory(tif);
    if (!ok || writer->log.errors) {
        if (writer->log.errors) dt_set_message(message, message_size, "%s", writer->log.error);
        return DT_FAILED;
    }
    return DT_OK;
}

int dt_tiff_writer_close(dt_tiff_writer *writer, char *message, size_t message_size) {
    int errors = writer->log.errors;
    if (errors) dt_set_message(message, message_size, "%s", writer->log.error);
    TIFFClose(writer->tif);
    free(writer);
    return errors ? DT_FAILED : DT_OK;
}

/* ---- Bilevel CCITT G4 TIFF in memory ---- */

typedef struct {
    uint8_t *data;
    size_t size, capacity, position;
} memory_file;

static tmsize_t memory_read(thandle_t handle, void *buffer, tmsize_t count) {
    memory_file *file = (memory_file *)handle;
    size_t available = file->position < file->size ? file->size - file->position : 0;
    size_t n = (size_t)count < available ? (size_t)count : available;
    memcpy(buffer, file->data + file->position, n);
    file->position += n;
    return (tmsize_t)n;
}

static tmsize_t memory_write(thandle_t handle, void *buffer, tmsize_t count) {
    memory_file *file = (memory_file *)handle;
    size_t end = file->position + (size_t)count;
    if (end > file->capacity) {
        size_t capacity = file->capacity ? file->capacity : 65536;
        while (capacity < end) capacity *= 2;
        uint8_t *grown = realloc(file->data, capacity);
        if (grown == NULL) return -1;
        file->data = grown;
        file->capacity = capacity;
    }
    if (file->position > file->size) memset(file->data + file->size, 0, file->position - file->size);
    memcpy(file->data + file->position, buffer, (size_t)count);
    file->position = end;
    if (end > file->size) file->size = end;
    return count;
}

static toff_t memory_seek(thandle_t handle, toff_t offset, int whence) {
    memory_file *file = (memory_file *)handle;
    size_t base = whence == SEEK_CUR ? file->position : whence == SEEK_END ? file->size : 0;
    file->position = base + (size_t)offset;
    return (toff_t)file->position;
}

static int memory_close(thandle_t handle) { (void)handle; return 0; }
static toff_t memory_size(thandle_t handle) { return (toff_t)((memory_file *)handle)->size; }
static int memory_map(thandle_t h, void **base, toff_t *size) { (void)h; (void)base; (void)size; return 0; }
static void memory_unmap(thandle_t h, void *base, toff_t size) { (void)h; (void)base; (void)size; }

int dt_tiff_encode_g4(const uint8_t *pixels, int32_t width, int32_t height, double dpi,
                      uint8_t **out, size_t *out_size, char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    dt_tiff_silence_global_handlers();
    memory_file file = {0};
    dt_tiff_errors log;
    memset(&log, 0, sizeof(log));
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, dt_tiff_record_error, &log);
    TIFFOpenOptionsSetWarningHandlerExtR(options, dt_tiff_drop_warning, &log);
    TIFF *tif = TIFFClientOpenExt("bitonal", "wl", (thandle_t)&file, memory_read, memory_write, memory_seek,
                                  memory_close, memory_size, memory_map, memory_unmap, options);
    TIFFOpenOptionsFree(options);
    if (tif == NULL) {
        free(file.data);
        dt_set_message(message, message_size, "cannot start a TIFF in memory");
        return DT_FAILED;
    }
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, (uint32_t)width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, (uint32_t)height);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
    TIFFSetField(tif, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, (uint32_t)height); /* G4 codes a whole page best as one strip */
    if (dpi > 0) {
        TIFFSetField(tif, TIFFTAG_XRESOLUTION, (float)dpi);
        TIFFSetField(tif, TIFFTAG_YRESOLUTION, (float)dpi);
        TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
    }
    const size_t row_bytes = ((size_t)width + 7) / 8;
    uint8_t *row = malloc(row_bytes);
    int ok = row != NULL;
    for (int32_t y = 0; y < height && ok; y++) {
        const uint8_t *src = pixels + (size_t)y * width;
        memset(row, 0, row_bytes);
        for (int32_t x = 0; x < width; x++)
            if (src[x] < 128) row[x >> 3] |= (uint8_t)(0x80 >> (x & 7)); /* 1 = black */
        ok = TIFFWriteScanline(tif, row, (uint32_t)y, 0) >= 0;
    }
    free(row);
    if (ok) ok = TIFFWriteDirectory(tif);
    TIFFClose(tif);
    if (!ok || log.errors) {
        dt_set_message(message, message_size, "%s", log.errors ? log.error : "G4 encoding failed");
        free(file.data);
        return DT_FAILED;
    }
    *out = file.data;
    *out_size = file.size;
    return DT_OK;
}
