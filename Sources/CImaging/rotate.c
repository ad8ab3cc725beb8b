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
                for (int32_t ox = lo; ox < hi; ox++, sx += step_x, sy += step_y) {
                    const uint8_t *top = src + (sy >> 16) * w + (sx >> 16);
                    const int32_t fx = (int32_t)((sx >> 8) & 0xFF), fy = (int32_t)((sy >> 8) & 0xFF);
                    const int32_t a = top[0], b = top[1], d = top[w], e = top[w + 1];
                    const int32_t upper = (a << 8) + (b - a) * fx;
                    const int32_t lower = (d << 8) + (e - d) * fx;
                    row[ox] = (uint8_t)(((upper << 8) + (lower - upper) * fy + 32768) >> 16);
                }
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
