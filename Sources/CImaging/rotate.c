#include "daftar_imaging.h"

#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Bilinear weights are 7-bit (1/128 pixel): every intermediate then fits a signed
   16-bit lane, which lets the vector kernel do sixteen pixels per instruction. */
static inline uint8_t bilinear7(int32_t a, int32_t b, int32_t d, int32_t e, int32_t fx, int32_t fy) {
    const int32_t upper = a * (128 - fx) + b * fx;
    const int32_t lower = d * (128 - fx) + e * fx;
    return (uint8_t)((upper * (128 - fy) + lower * fy + 8192) >> 14);
}

/* One output sample, clamped: positions outside the source repeat its nearest edge.
   Always inlined: the loops over a row's two ends (at 5 degrees a tenth of the page)
   call it with c = 1 for gray pages, and get the one-channel code. */
static inline __attribute__((always_inline)) void rotate_edge_pixel(const uint8_t *src, uint8_t *dst, int32_t w,
                                                                    int32_t h, int32_t c, int64_t sx, int64_t sy) {
    const int64_t max_x = (int64_t)(w - 1) << 16, max_y = (int64_t)(h - 1) << 16;
    int64_t px = sx < 0 ? 0 : (sx > max_x ? max_x : sx);
    int64_t py = sy < 0 ? 0 : (sy > max_y ? max_y : sy);
    int64_t x0 = px >> 16, y0 = py >> 16;
    int32_t fx = (int32_t)((px >> 9) & 127), fy = (int32_t)((py >> 9) & 127);
    if (x0 == w - 1) { x0 -= 1; fx = 128; }
    if (y0 == h - 1) { y0 -= 1; fy = 128; }
    const uint8_t *top = src + (y0 * w + x0) * c;
    const uint8_t *bottom = top + (int64_t)w * c;
    for (int32_t k = 0; k < c; k++)
        dst[k] = bilinear7(top[k], top[c + k], bottom[k], bottom[c + k], fx, fy);
}

/* Interior gray pixels, one at a time: the reference the vector kernel must match. */
static void rotate_gray_scalar(const uint8_t *src, uint8_t *row, int32_t w, int32_t lo, int32_t hi,
                               int64_t sx, int64_t sy, int64_t step_x, int64_t step_y) {
    for (int32_t ox = lo; ox < hi; ox++, sx += step_x, sy += step_y) {
        const uint8_t *top = src + (sy >> 16) * w + (sx >> 16);
        const uint8_t *bottom = top + w;
        row[ox] = bilinear7(top[0], top[1], bottom[0], bottom[1],
                            (int32_t)((sx >> 9) & 127), (int32_t)((sy >> 9) & 127));
    }
}

#if defined(__x86_64__)
/* Sixteen interior gray pixels per step. Along a row the whole-pixel column advances
   with the output column except at rare steps (cos < 1), so the lanes' left
   neighbours are one contiguous load as long as a chunk stays between two such
   steps; their source rows differ by at most a few (sin * 15), so each of those rows
   is interpolated horizontally for all lanes and every lane picks its own pair.
   Same arithmetic as `bilinear7`, so the result is bit-identical to the scalar loop.
   `limit` is the end of both buffers: chunks whose 16-byte reads or writes would
   pass it go to the scalar loop. */
__attribute__((target("avx2")))
static void rotate_gray_avx2(const uint8_t *src, uint8_t *dst, int64_t row_offset, int32_t w, int64_t limit,
                             int32_t lo, int32_t hi, int64_t sx, int64_t sy, int64_t step_x, int64_t step_y) {
    const int64_t dstep = step_x - 65536;  /* small: |1 - cos| of at most a few degrees */
    const __m256i lanes16 = _mm256_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m256i lanes_low = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i lanes_high = _mm256_setr_epi32(8, 9, 10, 11, 12, 13, 14, 15);
    /* Each lane's offset from the chunk's first position, computed once per row. */
    const __m256i drift16 = _mm256_mullo_epi16(lanes16, _mm256_set1_epi16((int16_t)dstep));
    const __m256i rise_low = _mm256_mullo_epi32(lanes_low, _mm256_set1_epi32((int32_t)step_y));
    const __m256i rise_high = _mm256_mullo_epi32(lanes_high, _mm256_set1_epi32((int32_t)step_y));
    const __m256i weight_one = _mm256_set1_epi16(128), seven_bits = _mm256_set1_epi32(127);
    const __m256i round = _mm256_set1_epi32(8192);
    uint8_t *row = dst + row_offset;
    int32_t ox = lo;
    while (ox < hi) {
        int32_t n = hi - ox < 16 ? hi - ox : 16;
        const int64_t x_first = sx >> 16;
        /* Shorten the chunk to where the column offset (x0 - lane) stays the same: with
           u the position within the pixel, lane j keeps it while u + j * dstep >= 0. */
        if (((sx + (int64_t)(n - 1) * step_x) >> 16) - x_first != n - 1)
            n = (int32_t)((sx & 0xFFFF) / -dstep) + 1;
        const int64_t y_first = sy >> 16, y_last = (sy + (int64_t)(n - 1) * step_y) >> 16;
        const int64_t y_top = y_first < y_last ? y_first : y_last;
        const int32_t span = (int32_t)(y_first < y_last ? y_last - y_first : y_first - y_last);
        const int64_t read_end = (y_top + span + 1) * w + x_first + 17;
        if (span > 3 || read_end > limit || row_offset + ox + 16 > limit) {
            rotate_gray_scalar(src, row, w, ox, ox + n, sx, sy, step_x, step_y);
        } else {
            /* Column fractions: 16-bit positions within the pixel, exact inside the chunk. */
            const __m256i u = _mm256_add_epi16(_mm256_set1_epi16((int16_t)(uint16_t)(sx & 0xFFFF)), drift16);
            const __m256i fx = _mm256_srli_epi16(u, 9), gx = _mm256_sub_epi16(weight_one, fx);
            /* Row of each lane relative to y_top, and its fraction. */
            const __m256i base = _mm256_set1_epi32((int32_t)(sy - (y_top << 16)));
            const __m256i v_low = _mm256_add_epi32(base, rise_low);
            const __m256i v_high = _mm256_add_epi32(base, rise_high);
            const __m256i dy = _mm256_permute4x64_epi64(
                _mm256_packs_epi32(_mm256_srai_epi32(v_low, 16), _mm256_srai_epi32(v_high, 16)), 0xD8);
            const __m256i fy = _mm256_permute4x64_epi64(
                _mm256_packs_epi32(_mm256_and_si256(_mm256_srai_epi32(v_low, 9), seven_bits),
                                   _mm256_and_si256(_mm256_srai_epi32(v_high, 9), seven_bits)), 0xD8);
            const __m256i gy = _mm256_sub_epi16(weight_one, fy);
            /* Horizontal interpolation of every source row the lanes touch. */
            const uint8_t *p = src + y_top * w + x_first;
#define ACROSS(row) _mm256_add_epi16( \
                _mm256_mullo_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(row))), gx), \
                _mm256_mullo_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)((row) + 1))), fx))
            /* The rows below are the ones the next output rows will need: asking for them
               now hides the memory latency that the row-hopping walk keeps the hardware
               prefetcher from hiding (six rows ahead measured best of 0, 3, 6, 10). */
            const int64_t ahead = (y_top + span + 6) * w + x_first;
            if (ahead + 64 <= limit) _mm_prefetch((const char *)(src + ahead), _MM_HINT_T0);
            /* Spans of 0 and 1 (angles up to about 3.8 degrees) are written out, so the
               interpolated rows stay in registers. */
            __m256i top = ACROSS(p), bottom = ACROSS(p + w);
            if (span >= 1) {
                __m256i below = ACROSS(p + 2 * (int64_t)w);
                __m256i mine = _mm256_cmpeq_epi16(dy, _mm256_set1_epi16(1));
                top = _mm256_blendv_epi8(top, bottom, mine);
                __m256i lower = _mm256_blendv_epi8(bottom, below, mine);
                for (int32_t k = 2; k <= span; k++) {
                    const __m256i next = ACROSS(p + (int64_t)(k + 1) * w);
                    mine = _mm256_cmpeq_epi16(dy, _mm256_set1_epi16((int16_t)k));
                    top = _mm256_blendv_epi8(top, below, mine);
                    lower = _mm256_blendv_epi8(lower, next, mine);
                    below = next;
                }
                bottom = lower;
            }
#undef ACROSS
            /* Vertical interpolation in 32 bits, back to bytes in lane order. */
            const __m256i low = _mm256_srai_epi32(_mm256_add_epi32(_mm256_madd_epi16(
                _mm256_unpacklo_epi16(top, bottom), _mm256_unpacklo_epi16(gy, fy)), round), 14);
            const __m256i high = _mm256_srai_epi32(_mm256_add_epi32(_mm256_madd_epi16(
                _mm256_unpackhi_epi16(top, bottom), _mm256_unpackhi_epi16(gy, fy)), round), 14);
            const __m256i words = _mm256_packs_epi32(low, high);
            const __m256i bytes = _mm256_permute4x64_epi64(_mm256_packus_epi16(words, words), 0x08);
            /* All sixteen bytes are stored; lanes past n are rewritten by what follows. */
            _mm_storeu_si128((__m128i *)(row + ox), _mm256_castsi256_si128(bytes));
        }
        ox += n;
        sx += (int64_t)n * step_x;
        sy += (int64_t)n * step_y;
    }
}
#endif

/* Where along a row (columns ox in [0, w)) 0 <= start + ox * step < limit holds for both
   axes, in real numbers: a first guess of the interior run for the exact test to settle. */
static void interior_estimate(int64_t sx, int64_t step_x, int64_t limit_x, int64_t sy, int64_t step_y,
                              int64_t limit_y, int32_t w, int32_t *lo, int32_t *hi) {
    double low = 0, high = w;
    const int64_t starts[2] = {sx, sy}, steps[2] = {step_x, step_y}, limits[2] = {limit_x, limit_y};
    for (int axis = 0; axis < 2; axis++) {
        const double start = (double)starts[axis], step = (double)steps[axis], limit = (double)limits[axis];
        if (steps[axis] == 0) {
            if (start < 0 || start >= limit) high = low;
            continue;
        }
        double a = (0 - start) / step, b = (limit - start) / step;
        if (a > b) { const double t = a; a = b; b = t; }
        if (a > low) low = a;
        if (b < high) high = b;
    }
    if (high < low) high = low;
    *lo = low <= 0 ? 0 : (low >= w ? w : (int32_t)ceil(low));
    *hi = high <= 0 ? 0 : (high >= w ? w : (int32_t)ceil(high));
}

void dt_rotate(const uint8_t *restrict src, uint8_t *restrict dst,
               int32_t w, int32_t h, int32_t c, double degrees) {
    const double radians = degrees * M_PI / 180.0;
    const double cosine = cos(radians), sine = sin(radians);
    const double cx = (double)(w - 1) / 2, cy = (double)(h - 1) / 2;
    const double one = 65536.0;
    const int64_t step_x = llround(cosine * one), step_y = llround(sine * one);
    /* A position is interior when its whole 2x2 neighbourhood lies inside the source. */
    const int64_t limit_x = ((int64_t)(w - 1) << 16) - 65536, limit_y = ((int64_t)(h - 1) << 16) - 65536;
#define INSIDE(x, y) ((x) >= 0 && (y) >= 0 && (x) < limit_x && (y) < limit_y)
#if defined(__x86_64__)
    /* The vector kernel needs the column step within 16 bits of a pixel (|angle| < 80°). */
    const int use_avx2 = __builtin_cpu_supports("avx2") && step_x > 32768;
#endif
    for (int32_t oy = 0; oy < h; oy++) {
        const double dy = (double)oy - cy;
        /* Source of output (0, oy): the point that a counter-clockwise rotation brings there. */
        const int64_t sx0 = llround((cosine * -cx - sine * dy + cx) * one);
        const int64_t sy0 = llround((sine * -cx + cosine * dy + cy) * one);
        uint8_t *row = dst + (int64_t)oy * w * c;
        /* Interior positions along a row form one run: its ends, estimated from where the
           row's line crosses the interior's edges and then settled with the exact test
           (a step or two), and the run walked without checks. */
        int32_t lo = 0, hi = w;
        interior_estimate(sx0, step_x, limit_x, sy0, step_y, limit_y, w, &lo, &hi);
        while (lo > 0 && INSIDE(sx0 + (lo - 1) * step_x, sy0 + (lo - 1) * step_y)) lo--;
        while (lo < w && !INSIDE(sx0 + lo * step_x, sy0 + lo * step_y)) lo++;
        if (hi < lo) hi = lo;
        while (hi < w && INSIDE(sx0 + hi * step_x, sy0 + hi * step_y)) hi++;
        while (hi > lo && !INSIDE(sx0 + (hi - 1) * step_x, sy0 + (hi - 1) * step_y)) hi--;
        if (c == 1) {
            for (int32_t ox = 0; ox < lo; ox++)
                rotate_edge_pixel(src, row + ox, w, h, 1, sx0 + ox * step_x, sy0 + ox * step_y);
        } else {
            for (int32_t ox = 0; ox < lo; ox++)
                rotate_edge_pixel(src, row + ox * c, w, h, c, sx0 + ox * step_x, sy0 + ox * step_y);
        }
        const int64_t sx = sx0 + lo * step_x, sy = sy0 + lo * step_y;
        if (c == 1) {
#if defined(__x86_64__)
            if (use_avx2)
                rotate_gray_avx2(src, dst, (int64_t)oy * w, w, (int64_t)w * h, lo, hi, sx, sy, step_x, step_y);
            else
                rotate_gray_scalar(src, row, w, lo, hi, sx, sy, step_x, step_y);
#else
            rotate_gray_scalar(src, row, w, lo, hi, sx, sy, step_x, step_y);
#endif
        } else {
            int64_t px = sx, py = sy;
            for (int32_t ox = lo; ox < hi; ox++, px += step_x, py += step_y)
                rotate_edge_pixel(src, row + ox * c, w, h, c, px, py);
        }
        if (c == 1) {
            for (int32_t ox = hi > lo ? hi : lo; ox < w; ox++)
                rotate_edge_pixel(src, row + ox, w, h, 1, sx0 + ox * step_x, sy0 + ox * step_y);
        } else {
            for (int32_t ox = hi > lo ? hi : lo; ox < w; ox++)
                rotate_edge_pixel(src, row + ox * c, w, h, c, sx0 + ox * step_x, sy0 + ox * step_y);
        }
    }
#undef INSIDE
}

void dt_rotate_reference(const uint8_t *restrict src, uint8_t *restrict dst,
                         int32_t w, int32_t h, double degrees) {
    const double radians = degrees * M_PI / 180.0;
    const double cosine = cos(radians), sine = sin(radians);
    const double cx = (double)(w - 1) / 2, cy = (double)(h - 1) / 2;
    const double one = 65536.0;
    const int64_t step_x = llround(cosine * one), step_y = llround(sine * one);
    for (int32_t oy = 0; oy < h; oy++) {
        const double dy = (double)oy - cy;
        int64_t sx = llround((cosine * -cx - sine * dy + cx) * one);
        int64_t sy = llround((sine * -cx + cosine * dy + cy) * one);
        for (int32_t ox = 0; ox < w; ox++, sx += step_x, sy += step_y)
            rotate_edge_pixel(src, dst + (int64_t)oy * w + ox, w, h, 1, sx, sy);
    }
}
