/* libjpeg(-turbo) behind one function per direction: setjmp, every call that
   can fail and the error manager live here; no longjmp reaches Swift. */
#include "daftar_imaging.h"
#include "internal.h"

#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* A progressive file with thousands of scans is a CPU bomb, not a scan. */
#define DT_JPEG_MAX_SCANS 1000

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *message;
    size_t message_size;
    int status;
    int warnings;
    char first_warning[JMSG_LENGTH_MAX];
} jpeg_error_context;

static void jpeg_context_exit(j_common_ptr cinfo) {
    jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    if (context->message[0] == '\0') dt_set_message(context->message, context->message_size, "%s", text);
    if (context->status == DT_OK) {
        const int code = cinfo->err->msg_code;
        /* Valid files this libjpeg build cannot decode: 12-bit and lossless JPEG. */
        const int unsupported = code == JERR_BAD_PRECISION || code == JERR_SOF_UNSUPPORTED
                                || code == JERR_NOT_COMPILED;
        context->status = unsupported ? DT_UNSUPPORTED : DT_CORRUPT;
    }
    longjmp(context->jump, 1);
}

static void jpeg_context_emit(j_common_ptr cinfo, int level) {
    jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
    /* Junk between segments leaves the image intact; every other warning
       means damaged entropy data that the library papered over. */
    if (level < 0 && cinfo->err->msg_code != JWRN_EXTRANEOUS_DATA) {
        if (context->warnings == 0) (*cinfo->err->format_message)(cinfo, context->first_warning);
        context->warnings++;
    }
}

static void jpeg_context_output(j_common_ptr cinfo) { (void)cinfo; }

/* Routes the library's errors and warnings into `context` (no printing, no exit). */
static struct jpeg_error_mgr *jpeg_context_init(jpeg_error_context *context, char *message, size_t message_size) {
    memset(context, 0, sizeof(*context));
    struct jpeg_error_mgr *manager = jpeg_std_error(&context->base);
    manager->error_exit = jpeg_context_exit;
    manager->emit_message = jpeg_context_emit;
    manager->output_message = jpeg_context_output;
    context->message = message;
    context->message_size = message_size;
    context->status = DT_OK;
    return manager;
}

static void jpeg_scan_guard(j_common_ptr cinfo) {
    if (cinfo->is_decompressor) {
        j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
        if (dinfo->input_scan_number > DT_JPEG_MAX_SCANS) {
            jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
            dt_set_message(context->message, context->message_size,
                           "more than %d progressive scans", DT_JPEG_MAX_SCANS);
            context->status = DT_CORRUPT;
            longjmp(context->jump, 1);
        }
    }
}

static void cmyk_to_rgb(uint8_t *pixels, size_t count, int inverted) {
    for (size_t i = 0; i < count; i++) {
        const uint8_t *src = pixels + i * 4;
        uint8_t *dst = pixels + i * 3;
        unsigned c = src[0], m = src[1], y = src[2], k = src[3];
        if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        /* Adobe writes inverted CMYK: stored values are already 255 - ink. */
        dst[0] = (uint8_t)((c * k + 127) / 255);
        dst[1] = (uint8_t)((m * k + 127) / 255);
        dst[2] = (uint8_t)((y * k + 127) / 255);
    }
}

int dt_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, int32_t want_gray,
                   dt_image *out, char *message, size_t message_size) {
    memset(out, 0, sizeof(*out));
    message[0] = '\0';
    struct jpeg_decompress_struct cinfo;
    jpeg_error_context context;
    struct jpeg_progress_mgr progress;
    memset(&progress, 0, sizeof(progress));
    uint8_t *volatile pixels = NULL;

    cinfo.err = jpeg_context_init(&context, message, message_size);
    if (setjmp(context.jump)) {
        free(pixels);
        jpeg_destroy_decompress(&cinfo);
        return context.status == DT_OK ? DT_CORRUPT : context.status;
    }
    jpeg_create_decompress(&cinfo);
    progress.progress_monitor = jpeg_scan_guard;
    cinfo.progress = &progress;
    if (size == 0) {
        dt_set_message(message, message_size, "file is empty");
        context.status = DT_CORRUPT;
        longjmp(context.jump, 1);
    }
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);

    int status = dt_check_pixels(cinfo.image_width, cinfo.image_height, max_pixels, message, message_size);
    if (status != DT_OK) {
        context.status = status;
        longjmp(context.jump, 1);
    }
    int cmyk = 0;
    switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE: cinfo.out_color_space = JCS_GRAYSCALE; break;
    case JCS_CMYK:
    case JCS_YCCK: cinfo.out_color_space = JCS_CMYK; cmyk = 1; break;
    case JCS_YCbCr: cinfo.out_color_space = want_gray ? JCS_GRAYSCALE : JCS_RGB; break;
    default: cinfo.out_color_space = JCS_RGB; break;
    }
    jpeg_start_decompress(&cinfo);
    const size_t row_samples = (size_t)cinfo.output_width * cinfo.output_components;
    pixels = malloc(row_samples * cinfo.output_height);
    if (pixels == NULL) {
        dt_set_message(message, message_size, "out of memory for %ux%u pixels",
                       cinfo.output_width, cinfo.output_height);
        context.status = DT_FAILED;
        longjmp(context.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + (size_t)cinfo.output_scanline * row_samples;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);

    if (cinfo.saw_JFIF_marker && cinfo.X_density > 0 && cinfo.Y_density > 0) {
        if (cinfo.density_unit == 1) { out->xdpi = cinfo.X_density; out->ydpi = cinfo.Y_density; }
        if (cinfo.density_unit == 2) { out->xdpi = cinfo.X_density * 2.54; out->ydpi = cinfo.Y_density * 2.54; }
    }
    int channels = cinfo.output_components;
    if (cmyk) {
        cmyk_to_rgb(pixels, (size_t)cinfo.output_width * cinfo.output_height, cinfo.saw_Adobe_marker);
        channels = 3;
    }
    out->width = (int32_t)cinfo.output_width;
    out->height = (int32_t)cinfo.output_height;
    out->channels = channels;
    out->pixels = pixels;
    out->orientation = 1;
    out->corrupt_warnings = context.warnings;
    out->source_channels = cinfo.num_components;
    if (context.warnings > 0) dt_set_message(message, message_size, "%s", context.first_warning);
    jpeg_destroy_decompress(&cinfo);
    return DT_OK;
}

/* Feeds a gray image to a compressor set up with raw_data_in, eight rows (one row of
   blocks) at a time. Rows are padded to whole blocks by repeating the last column and
   the image by repeating the last row, as libjpeg's own pipeline does, so the file is
   the same as with jpeg_write_scanlines. Returns 0 when the scratch rows cannot be had. */
static int write_gray_raw(j_compress_ptr cinfo, const uint8_t *pixels, int32_t width, int32_t height) {
    const size_t padded = (size_t)cinfo->comp_info[0].width_in_blocks * DCTSIZE;
    const int direct = padded == (size_t)width;
    uint8_t *scratch = direct ? NULL : malloc(padded * DCTSIZE);
    if (!direct && scratch == NULL) return 0;
    JSAMPROW rows[DCTSIZE];
    JSAMPARRAY planes[1] = { rows };
    while (cinfo->next_scanline < cinfo->image_height) {
        for (int k = 0; k < DCTSIZE; k++) {
            int64_t y = (int64_t)cinfo->next_scanline + k;
            if (y >= height) y = height - 1;
            const uint8_t *source = pixels + y * (int64_t)width;
            if (direct) {
                rows[k] = (JSAMPROW)source;
            } else {
                uint8_t *row = scratch + (size_t)k * padded;
                memcpy(row, source, (size_t)width);
                memset(row + width, source[width - 1], padded - (size_t)width);
                rows[k] = row;
            }
        }
        jpeg_write_raw_data(cinfo, planes, DCTSIZE);
    }
    free(scratch);
    return 1;
}

int dt_jpeg_encode(const uint8_t *pixels, int32_t width, int32_t height,
                   int32_t channels, int32_t quality, int32_t dpi, int32_t progressive,
                   uint8_t **out, size_t *out_size, char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    message[0] = '\0';
    struct jpeg_compress_struct cinfo;
    jpeg_error_context context;
    /* A first buffer of a third of the raw size holds a page at the usual qualities
       (access copies measure a fifth): libjpeg's own starts at 4 KiB and copies the
       output at every doubling. Only the pages written to are resident. */
    const unsigned long guess = (unsigned long)width * height * channels / 3 + 16384;
    unsigned char *volatile initial = malloc(guess);
    unsigned char *volatile buffer = initial;
    unsigned long buffer_size = initial != NULL ? guess : 0;

    cinfo.err = jpeg_context_init(&context, message, message_size);
    if (setjmp(context.jump)) {
        jpeg_destroy_compress(&cinfo);
        /* A buffer libjpeg grew into replaces ours without freeing it. */
        if (buffer != initial) free(initial);
        free(buffer);
        return DT_FAILED;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&buffer, &buffer_size);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = channels;
    cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    /* The fast integer DCT: 2-4 % less CPU per page here, the same file size at
       quality 85; its loss of accuracy shows only near quality 100. */
    cinfo.dct_method = JDCT_IFAST;
    if (progressive) jpeg_simple_progression(&cinfo);
    if (dpi > 0 && dpi <= 65535) {
        cinfo.write_JFIF_header = TRUE;
        cinfo.density_unit = 1;
        cinfo.X_density = (UINT16)dpi;
        cinfo.Y_density = (UINT16)dpi;
    }
    /* Gray pages go in as raw component data: libjpeg's colour-conversion stage would
       otherwise copy every sample one byte at a time (measured 5 % of an import). */
    if (channels == 1) cinfo.raw_data_in = TRUE;
    jpeg_start_compress(&cinfo, TRUE);
    if (channels == 1) {
        if (!write_gray_raw(&cinfo, pixels, width, height)) {
            jpeg_destroy_compress(&cinfo);
            if (buffer != initial) free(initial);
            free(buffer);
            dt_set_message(message, message_size, "out of memory for JPEG rows");
            return DT_FAILED;
        }
    } else {
        const size_t row_samples = (size_t)width * channels;
        while (cinfo.next_scanline < cinfo.image_height) {
            JSAMPROW row = (JSAMPROW)(pixels + (size_t)cinfo.next_scanline * row_samples);
            jpeg_write_scanlines(&cinfo, &row, 1);
        }
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    if (buffer != initial) free(initial);
    *out = buffer;
    *out_size = buffer_size;
    return DT_OK;
}
