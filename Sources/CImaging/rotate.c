#include "daftar_imaging.h"

#include <math.h>

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
            int64_t room = step_y > 0 ? 65535 - v : v;
            int64_t m = (int64_t)((double)room * inv_y) + 1;
            const int64_t step = step_y > 0 ? step_y : -step_y;
            while ((m - 1) * step > room) m--;
            while (m * step <= room) m++;
            if (m < n) n = m;
        }
        if (dstep != 0) {
            int64_t room = dstep > 0 ? 65535 - u : u;
            int64_t m = (int64_t)((double)room * inv_x) + 1;
            const int64_t step = dstep > 0 ? dstep : -dstep;
            while ((m - 1) * step > room) m--;
            while (m * step <= room) m++;
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
                rotate_gray_run(src, row, w, lo, hi, sx, sy, step_x, step_y);
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
