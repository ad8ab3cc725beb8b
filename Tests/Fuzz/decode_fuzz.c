/* libFuzzer target over daftar's decoding shims (make fuzz): every input is tried as
   PNG (direct path and libpng), JPEG (colour and gray) and TIFF (every page), as the
   import tries a file whose first bytes say what it is, with the import's pixel limit.
   A crash, a hang, a leak (AddressSanitizer) or an image over the limit is a finding. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "daftar_imaging.h"

/* The import's default limit (ImportOptions.defaultMaxPixels) is larger; a smaller one
   here lets the fuzzer reach the limit checks with small inputs. */
#define MAX_PIXELS ((uint64_t)4 << 20)

static void check(int code, dt_image *image) {
    if (code == DT_OK) {
        if ((uint64_t)image->width * (uint64_t)image->height > MAX_PIXELS || image->width <= 0 || image->height <= 0) {
            fprintf(stderr, "decoded %d x %d past the limit\n", image->width, image->height);
            abort();
        }
        /* Touch the first and last byte: the buffer must hold the whole image. */
        size_t bytes = (size_t)image->width * (size_t)image->height * (size_t)image->channels;
        volatile uint8_t sink = image->pixels[0] ^ image->pixels[bytes - 1];
        (void)sink;
    }
    dt_free(image->pixels);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char message[256];
    dt_image image = {0};
    check(dt_png_decode(data, size, MAX_PIXELS, &image, message, sizeof message), &image);
    dt_image direct = {0};
    if (dt_png_decode_direct(data, size, MAX_PIXELS, &direct)) check(DT_OK, &direct);
    dt_image colour = {0}, gray = {0};
    check(dt_jpeg_decode(data, size, MAX_PIXELS, 0, &colour, message, sizeof message), &colour);
    check(dt_jpeg_decode(data, size, MAX_PIXELS, 1, &gray, message, sizeof message), &gray);
    dt_tiff *tiff = dt_tiff_open(data, size, message, sizeof message);
    if (tiff) {
        int32_t pages = dt_tiff_page_count(tiff);
        for (int32_t index = 0; index < pages && index < 8; index++) {
            dt_image page = {0};
            check(dt_tiff_read_page(tiff, index, MAX_PIXELS, &page, message, sizeof message), &page);
        }
        dt_tiff_close(tiff);
    }
    return 0;
}
