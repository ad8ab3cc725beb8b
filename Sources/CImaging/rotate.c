#include "daftar_imaging.h"

#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* One output sample, clamped: positions outside the source repeat its nearest edge. */
static void rotate_edge_pixel(const uint8_t *src, uint8_t *dst, int32_t w, int32_t h, int32_t c,
                              int64_t sx, int64_t sy) {
    const int64_t max_x = (int64_t)(w - 1) << 16, max_y = (int64_t)(h - 1) << 16;
    int64_t px = sx < 0 ? 0 : (sx > max_x ? max_x : sx);
    int64_t py = sy < 0 ? 0 : (sy > max_y ? max_y : sy);
    int64_t x0 = px >> 16, y0 = py >> 16;
    int64_t fx = (px >> 8) & 0xFF, fy = (py >> 8) & 0xFF;
    if (x0 == w - 1) { x0 -= 1; fx = 256; }
    if (y0 == h - 1) { y0 -= 1; fy = 256; }
    const uint8_t *top = src + (y0 * w + x0) * c;
    const uint8_t *bottom = top + (int64_t)w * c;
    for (int32_t k = 0; k < c; k++) {
        int64_t a = top[k], b = top[c + k], d = bottom[k], e = bottom[c + k];
        int64_t upper = (a << 8) + (b - a) * fx;
        int64_t lower = (d << 8) + (e - d) * fx;
        dst[k] = (uint8_t)(((upper << 8) + (lower - upper) * fy + 32768) >> 16);
    }
}

/* How many steps from `position` (in [0, 65536)) stay inside [0, 65536): the reciprocal
   gives the answer to within one, the integer checks make it exact. */
static inline int64_t run_length(int32_t position, int64_t step, double inverse_step) {
    const int64_t room = step > 0 ? 65535 - position : position;
    const int64_t size = step > 0 ? step : -step;
    int64_t m = (int64_t)((double)room * inverse_step) + 1;
    while ((m - 1) * size > room) m--;
    while (m * size <= room) m++;
    return m;
}

/* The inner runs of a gray rotation. Within a segment where the source row pair and
   the whole-pixel column offset stay the same, the four neighbours are contiguous
   loads and the weights are linear in the position: a loop the compiler turns into
   vector code (eight lanes where the processor has AVX2, chosen at load time). */
#if defined(__x86_64__) && defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
static void rotate_gray_run(const uint8_t *restrict src, uint8_t *restrict row, int32_t w, int32_t lo, int32_t hi,
                            int64_t sx, int64_t sy, int64_t step_x, int64_t step_y) {
    const int64_t dstep = step_x - 65536; /* change of the in-pixel x position per output pixel */
    /* Run lengths come from reciprocals (a division per short run would cost more than the run). */
    const double inv_y = step_y != 0 ? 1.0 / (double)(step_y > 0 ? step_y : -step_y) : 0;
    const double inv_x = dstep != 0 ? 1.0 / (double)(dstep > 0 ? dstep : -dstep) : 0;
    int32_t ox = lo;
    while (ox < hi) {
        const int64_t y0 = sy >> 16, x0 = sx >> 16;
        const int32_t v = (int32_t)(sy - (y0 << 16)), u = (int32_t)(sx - (x0 << 16));
        int64_t n = hi - ox;
        /* Largest n with v + (n-1)*step_y (and u + (n-1)*dstep) still inside [0, 65536). */
        if (step_y != 0) {
            const int64_t m = run_length(v, step_y, inv_y);
            if (m < n) n = m;
        }
        if (dstep != 0) {
            const int64_t m = run_length(u, dstep, inv_x);
            if (m < n) n = m;
        }
        const uint8_t *top = src + y0 * w + x0;
        const uint8_t *bottom = top + w;
        uint8_t *out = row + ox;
        const int32_t du = (int32_t)dstep, dv = (int32_t)step_y;
        for (int32_t i = 0; i < (int32_t)n; i++) {
            const int32_t fx = ((u + i * du) >> 8) & 0xFF, fy = ((v + i * dv) >> 8) & 0xFF;
            const int32_t a = top[i], b = top[i + 1], d = bottom[i], e = bottom[i + 1];
            const int32_t upper = (a << 8) + (b - a) * fx;
            const int32_t lower = (d << 8) + (e - d) * fx;
            out[i] = (uint8_t)(((upper << 8) + (lower - upper) * fy + 32768) >> 16);
        }
        ox += (int32_t)n;
        sx += n * step_x;
        sy += n * step_y;
    }
}

#if defined(__x86_64__)
/* Eight output pixels at a time with AVX2 gathers: each lane fetches the 32-bit word at
   its top-left neighbour (which holds the top-right one too) and the word one row below.
   Same fixed-point arithmetic as the scalar loop, so the result is bit-identical. The
   caller keeps the run off the last source row pair, so the 4-byte reads stay inside. */
__attribute__((target("avx2")))
static int32_t rotate_gray_gather(const uint8_t *src, uint8_t *row, int32_t w, int32_t lo, int32_t hi,
                                  int64_t sx, int64_t sy, int64_t step_x, int64_t step_y) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i step_x8 = _mm256_set1_epi32((int32_t)(8 * step_x)), step_y8 = _mm256_set1_epi32((int32_t)(8 * step_y));
    const __m256i width = _mm256_set1_epi32(w), low_byte = _mm256_set1_epi32(0xFF);
    const __m256i half = _mm256_set1_epi32(32768);
    /* Positions relative to the run start keep the lanes within 32 bits. */
    const int64_t base_x = sx & ~(int64_t)0xFFFF, base_y = sy & ~(int64_t)0xFFFF;
    const uint8_t *origin = src + (base_y >> 16) * w + (base_x >> 16);
    __m256i px = _mm256_add_epi32(_mm256_set1_epi32((int32_t)(sx - base_x)),
                                  _mm256_mullo_epi32(lanes, _mm256_set1_epi32((int32_t)step_x)));
    __m256i py = _mm256_add_epi32(_mm256_set1_epi32((int32_t)(sy - base_y)),
                                  _mm256_mullo_epi32(lanes, _mm256_set1_epi32((int32_t)step_y)));
    int32_t ox = lo;
    for (; ox + 8 <= hi; ox += 8) {
        const __m256i x0 = _mm256_srai_epi32(px, 16), y0 = _mm256_srai_epi32(py, 16);
        const __m256i index = _mm256_add_epi32(_mm256_mullo_epi32(y0, width), x0);
        const __m256i top = _mm256_i32gather_epi32((const int *)origin, index, 1);
        const __m256i bottom = _mm256_i32gather_epi32((const int *)(origin + w), index, 1);
        const __m256i a = _mm256_and_si256(top, low_byte), b = _mm256_and_si256(_mm256_srli_epi32(top, 8), low_byte);
        const __m256i d = _mm256_and_si256(bottom, low_byte), e = _mm256_and_si256(_mm256_srli_epi32(bottom, 8), low_byte);
        const __m256i fx = _mm256_and_si256(_mm256_srai_epi32(px, 8), low_byte);
        const __m256i fy = _mm256_and_si256(_mm256_srai_epi32(py, 8), low_byte);
        const __m256i upper = _mm256_add_epi32(_mm256_slli_epi32(a, 8), _mm256_mullo_epi32(_mm256_sub_epi32(b, a), fx));
        const __m256i lower = _mm256_add_epi32(_mm256_slli_epi32(d, 8), _mm256_mullo_epi32(_mm256_sub_epi32(e, d), fx));
        const __m256i value = _mm256_srai_epi32(_mm256_add_epi32(_mm256_add_epi32(_mm256_slli_epi32(upper, 8),
                                  _mm256_mullo_epi32(_mm256_sub_epi32(lower, upper), fy)), half), 16);
        /* 8 x int32 (0..255) to 8 bytes. */
        const __m256i words = _mm256_packus_epi32(value, value);            /* per 128-bit half */
        const __m256i bytes = _mm256_packus_epi16(words, words);
        const uint32_t first = (uint32_t)_mm256_cvtsi256_si32(bytes);
        const uint32_t second = (uint32_t)_mm256_extract_epi32(bytes, 4);
        memcpy(row + ox, &first, 4);
        memcpy(row + ox + 4, &second, 4);
        px = _mm256_add_epi32(px, step_x8);
        py = _mm256_add_epi32(py, step_y8);
    }
    return ox;
}
#endif

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
    /* Runs are long (and faster) for small angles; past about 2.5 degrees they get short
       and per-pixel gathers win (measured on the development machine). */
    const int use_gathers = __builtin_cpu_supports("avx2") && (step_y > 2860 || step_y < -2860);
#endif
    const int32_t strip = w;  /* strips of columns measured slower: the rows are walked whole */
    for (int32_t left = 0; left < w; left += strip) {
        const int32_t right = left + strip < w ? left + strip : w;
        for (int32_t oy = 0; oy < h; oy++) {
            const double dy = (double)oy - cy;
            /* Source of output (0, oy): the point that a counter-clockwise rotation brings there. */
            const int64_t sx0 = llround((cosine * -cx - sine * dy + cx) * one);
            const int64_t sy0 = llround((sine * -cx + cosine * dy + cy) * one);
            uint8_t *row = dst + (int64_t)oy * w * c;
            /* Interior positions along a row form one run: find its ends, then walk it without checks. */
            int32_t lo = left, hi = right;
            while (lo < right && !INSIDE(sx0 + lo * step_x, sy0 + lo * step_y)) lo++;
            while (hi > lo && !INSIDE(sx0 + (hi - 1) * step_x, sy0 + (hi - 1) * step_y)) hi--;
            for (int32_t ox = left; ox < lo; ox++)
                rotate_edge_pixel(src, row + ox * c, w, h, c, sx0 + ox * step_x, sy0 + ox * step_y);
            int64_t sx = sx0 + lo * step_x, sy = sy0 + lo * step_y;
            if (c == 1) {
#if defined(__x86_64__)
                /* Gathers while the run stays off the last source row pair (their 4-byte reads
                   must not pass the buffer's end) and its offsets fit 32 bits. */
                int32_t gather_hi = hi;
                while (gather_hi > lo && ((sy + (int64_t)(gather_hi - 1 - lo) * step_y) >> 16) >= h - 2) gather_hi--;
                if (use_gathers && gather_hi - lo >= 16 && (int64_t)h * w < (1LL << 30)) {
                    const int32_t done = rotate_gray_gather(src, row, w, lo, gather_hi, sx, sy, step_x, step_y);
                    sx += (int64_t)(done - lo) * step_x;
                    sy += (int64_t)(done - lo) * step_y;
                    rotate_gray_run(src, row, w, done, hi, sx, sy, step_x, step_y);
                } else {
                    rotate_gray_run(src, row, w, lo, hi, sx, sy, step_x, step_y);
                }
#else
                rotate_gray_run(src, row, w, lo, hi, sx, sy, step_x, step_y);
#endif
            } else {
                for (int32_t ox = lo; ox < hi; ox++, sx += step_x, sy += step_y)
                    rotate_edge_pixel(src, row + ox * c, w, h, c, sx, sy);
            }
            for (int32_t ox = hi > lo ? hi : lo; ox < right; ox++)
                rotate_edge_pixel(src, row + ox * c, w, h, c, sx0 + ox * step_x, sy0 + ox * step_y);
        }
    }
#undef INSIDE
}
