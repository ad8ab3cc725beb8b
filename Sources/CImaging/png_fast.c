/* A direct decoder for the PNGs scanners write: 8-bit gray or RGB, not interlaced,
   no transparency. libdeflate inflates the image data in one call (libpng streams
   it through zlib), and the row filters are undone in tight loops; a 300-dpi gray
   page (mostly Paeth rows) took 96-115 ms through libpng and 87-90 ms here. Anything else — other
   depths, palettes, interlacing, a damaged or unusual file — is left to libpng
   (dt_png_decode), which gives the same pixels and the established messages. */
#include "daftar_imaging.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint8_t paeth(int a, int b, int c) {
    const int pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c);
    return (uint8_t)((pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c));
}

/* Undoes one row's filter into `out` (row_bytes bytes); `prior` is the previous
   output row, or NULL for the first. Returns 0 for an unknown filter type. */
static inline int unfilter_row(int type, const uint8_t *restrict in, const uint8_t *restrict prior,
                               uint8_t *restrict out, size_t row_bytes, const size_t bpp) {
    switch (type) {
    case 0:
        memcpy(out, in, row_bytes);
        return 1;
    case 1:
        for (size_t i = 0; i < bpp && i < row_bytes; i++) out[i] = in[i];
        for (size_t i = bpp; i < row_bytes; i++) out[i] = (uint8_t)(in[i] + out[i - bpp]);
        return 1;
    case 2:
        if (prior == NULL) memcpy(out, in, row_bytes);
        else for (size_t i = 0; i < row_bytes; i++) out[i] = (uint8_t)(in[i] + prior[i]);
        return 1;
    case 3:
        if (prior == NULL) {
            for (size_t i = 0; i < bpp && i < row_bytes; i++) out[i] = in[i];
            for (size_t i = bpp; i < row_bytes; i++) out[i] = (uint8_t)(in[i] + (out[i - bpp] >> 1));
        } else {
            for (size_t i = 0; i < bpp && i < row_bytes; i++) out[i] = (uint8_t)(in[i] + (prior[i] >> 1));
            for (size_t i = bpp; i < row_bytes; i++)
                out[i] = (uint8_t)(in[i] + ((out[i - bpp] + prior[i]) >> 1));
        }
        return 1;
    case 4:
        if (prior == NULL) return unfilter_row(1, in, NULL, out, row_bytes, bpp);  /* no row above: Sub */
        for (size_t i = 0; i < bpp && i < row_bytes; i++) out[i] = (uint8_t)(in[i] + prior[i]);
        for (size_t i = bpp; i < row_bytes; i++)
            out[i] = (uint8_t)(in[i] + paeth(out[i - bpp], prior[i], prior[i - bpp]));
        return 1;
    default:
        return 0;
    }
}

/* Paeth for one-byte pixels, where each output waits for the one before: the choice
   between left (a), above (b) and upper-left (c) is rewritten as ranges of a that
   depend only on the row above, which leaves two comparisons and two selects on the
   chain. With x = a - c and e = b - c, Paeth picks a when |x| >= |e| and
   |x + e| >= |e|, that is x >= max(e, -2e) or x <= min(e, -2e); otherwise b when
   |x| <= |x + e|, that is x >= -e/2 rounded up (e > 0) or x <= -e/2 rounded down
   (e < 0); otherwise c. A test holds this to the textbook predictor; all 2^24
   (a, b, c) were checked once in a harness. Masks, not branches: the choice is as
   good as random. */
static inline int paeth_by_ranges(int a, int b, int c) {
    const int e = b - c, one = e, two = -2 * e;
    const int a_high = c + (one > two ? one : two), a_low = c + (one < two ? one : two);
    const int b_low = e > 0 ? c - e / 2 : -1024, b_high = e < 0 ? c + (-e) / 2 : 1024;
    const int take_a = -((a >= a_high) | (a <= a_low));
    const int take_b = -((a >= b_low) & (a <= b_high));
    return (a & take_a) | (~take_a & ((b & take_b) | (c & ~take_b)));
}

/* One Paeth row of one-byte pixels (rows whose neighbour is not Paeth too). */
void dt_png_unpaeth_gray(const uint8_t *restrict in, const uint8_t *restrict prior,
                         uint8_t *restrict out, size_t n) {
    int a = 0;
    for (size_t i = 0; i < n; i++) {
        a = (uint8_t)(in[i] + paeth_by_ranges(a, prior[i], i > 0 ? prior[i - 1] : 0));
        out[i] = (uint8_t)a;
    }
}

/* Two consecutive Paeth rows at once, the second one pixel behind the first (it needs
   the first's output above and above-left): two independent chains keep the core
   busy where one waits on itself. */
void dt_png_unpaeth_gray_pair(const uint8_t *restrict in0, const uint8_t *restrict in1,
                              const uint8_t *restrict prior, uint8_t *restrict out0,
                              uint8_t *restrict out1, size_t n) {
    if (n == 0) return;
    int a0 = (uint8_t)(in0[0] + prior[0]);
    out0[0] = (uint8_t)a0;
    int a1 = 0;
    for (size_t x = 1; x < n; x++) {
        a0 = (uint8_t)(in0[x] + paeth_by_ranges(a0, prior[x], prior[x - 1]));
        out0[x] = (uint8_t)a0;
        const size_t x1 = x - 1;
        a1 = (uint8_t)(in1[x1] + (x1 == 0 ? out0[0] : paeth_by_ranges(a1, out0[x1], out0[x1 - 1])));
        out1[x1] = (uint8_t)a1;
    }
    const size_t last = n - 1;
    out1[last] = (uint8_t)(in1[last] + (last == 0 ? out0[0] : paeth_by_ranges(a1, out0[last], out0[last - 1])));
}

/* The pixel depth as a constant in each copy, so the loops above compile to
   straight-line code for gray and for RGB. */
static int unfilter_gray(int type, const uint8_t *in, const uint8_t *prior, uint8_t *out, size_t n) {
    if (type == 4 && prior != NULL) {
        dt_png_unpaeth_gray(in, prior, out, n);
        return 1;
    }
    return unfilter_row(type, in, prior, out, n, 1);
}
static int unfilter_rgb(int type, const uint8_t *in, const uint8_t *prior, uint8_t *out, size_t n) {
    return unfilter_row(type, in, prior, out, n, 3);
}

int dt_png_decode_direct(const uint8_t *data, size_t size, uint64_t max_pixels, dt_image *out) {
    static const uint8_t signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    memset(out, 0, sizeof(*out));
    if (size < 8 + 25 || memcmp(data, signature, 8) != 0) return 0;
    /* IHDR first, as the standard requires. */
    if (be32(data + 8) != 13 || memcmp(data + 12, "IHDR", 4) != 0) return 0;
    const uint32_t width = be32(data + 16), height = be32(data + 20);
    const uint8_t depth = data[24], color = data[25];
    if (depth != 8 || (color != 0 && color != 2) || data[26] != 0 || data[27] != 0 || data[28] != 0) return 0;
    if (width == 0 || height == 0 || width > 0x7fffffffu || height > 0x7fffffffu) return 0;
    if ((uint64_t)width * height > max_pixels) return 0;
    const size_t channels = color == 2 ? 3 : 1;
    const size_t row_bytes = (size_t)width * channels;

    /* Walk the chunks: every CRC must hold, IDATs must be consecutive, and only
       ancillary chunks libpng would not apply to the pixels may appear. */
    size_t idat_total = 0, first_idat = 0;
    int idat_state = 0;  /* 0 before, 1 inside, 2 after the IDAT run */
    int ended = 0;
    double dpi_x = 0, dpi_y = 0;
    int have_phys = 0;
    size_t position = 8;
    while (position + 12 <= size) {
        const uint32_t length = be32(data + position);
        if (length > 0x7fffffffu || length > size - position - 12) return 0;
        const uint8_t *type = data + position + 4;
        const uint8_t *body = type + 4;
        if (libdeflate_crc32(0, type, (size_t)length + 4) != be32(body + length)) return 0;
        if (memcmp(type, "IDAT", 4) == 0) {
            if (idat_state == 2) return 0;
            if (idat_state == 0) first_idat = position;
            idat_state = 1;
            idat_total += length;
        } else {
            if (idat_state == 1) idat_state = 2;
            if (memcmp(type, "IEND", 4) == 0) { ended = 1; break; }
            if (position != 8) {
                if (!(type[0] & 0x20)) return 0;                /* critical: PLTE, or unknown */
                if (memcmp(type, "tRNS", 4) == 0) return 0;     /* transparency: libpng composites */
                if (memcmp(type, "pHYs", 4) == 0) {
                    if (idat_state != 0 || have_phys || length != 9) return 0;
                    have_phys = 1;
                    if (body[8] == 1) {
                        dpi_x = be32(body) * 0.0254;
                        dpi_y = be32(body + 4) * 0.0254;
                    }
                }
            }
        }
        position += (size_t)length + 12;
    }
    if (!ended || idat_total == 0) return 0;

    /* The image data, gathered and inflated in one piece: exactly one filter byte
       and one row per line, no more, no less. */
    uint8_t *compressed = malloc(idat_total);
    const size_t filtered_size = (size_t)height * (row_bytes + 1);
    uint8_t *filtered = malloc(filtered_size);
    uint8_t *pixels = malloc(row_bytes * height);
    struct libdeflate_decompressor *inflater = libdeflate_alloc_decompressor();
    int ok = compressed != NULL && filtered != NULL && pixels != NULL && inflater != NULL;
    if (ok) {
        size_t gathered = 0;
        for (size_t p = first_idat; gathered < idat_total;) {
            const uint32_t length = be32(data + p);
            memcpy(compressed + gathered, data + p + 8, length);
            gathered += length;
            p += (size_t)length + 12;
        }
        size_t used = 0, produced = 0;
        ok = libdeflate_zlib_decompress_ex(inflater, compressed, idat_total, filtered, filtered_size,
                                           &used, &produced) == LIBDEFLATE_SUCCESS
             && used == idat_total && produced == filtered_size;
    }
    for (uint32_t y = 0; ok && y < height; y++) {
        const uint8_t *line = filtered + (size_t)y * (row_bytes + 1);
        const uint8_t *prior = y > 0 ? pixels + (size_t)(y - 1) * row_bytes : NULL;
        uint8_t *target = pixels + (size_t)y * row_bytes;
        const uint8_t *next = line + row_bytes + 1;
        if (channels == 1 && line[0] == 4 && prior != NULL && y + 1 < height && next[0] == 4) {
            dt_png_unpaeth_gray_pair(line + 1, next + 1, prior, target, target + row_bytes, row_bytes);
            y++;
            continue;
        }
        ok = channels == 1 ? unfilter_gray(line[0], line + 1, prior, target, row_bytes)
                           : unfilter_rgb(line[0], line + 1, prior, target, row_bytes);
    }
    if (inflater != NULL) libdeflate_free_decompressor(inflater);
    free(compressed);
    free(filtered);
    if (!ok) {
        free(pixels);
        return 0;
    }
    out->width = (int32_t)width;
    out->height = (int32_t)height;
    out->channels = (int32_t)channels;
    out->pixels = pixels;
    out->orientation = 1;
    out->xdpi = dpi_x;
    out->ydpi = dpi_y;
    return 1;
}
