#include "daftar_imaging.h"

int32_t dt_ink_edges(const uint8_t *restrict row, const uint8_t *restrict above, const uint8_t *restrict below,
                     int32_t x0, int32_t x1, int32_t stride, uint8_t threshold, int32_t *restrict out) {
    int32_t count = 0;
    for (int32_t start = x0; start < x1; start += 64) {
        const int32_t end = start + 64 < x1 ? start + 64 : x1;
        /* Most of a page is paper: a block with no dark pixel is passed over after one
           vectorized minimum, and only the others are looked at pixel by pixel. */
        uint8_t darkest = 255;
        for (int32_t x = start; x < end; x++) darkest = row[x] < darkest ? row[x] : darkest;
        if (darkest >= threshold) continue;
        for (int32_t x = start; x < end; x += stride) {
            if (row[x] < threshold && (above[x] >= threshold || (below != NULL && below[x] >= threshold)))
                out[count++] = x;
        }
    }
    return count;
}
