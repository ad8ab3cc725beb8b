#include "daftar_imaging.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int32_t dt_ink_edges(const uint8_t *restrict row, const uint8_t *restrict above, const uint8_t *restrict below,
                     int32_t x0, int32_t x1, int32_t stride, uint8_t threshold, int32_t *restrict out) {
    int32_t count = 0;
    int32_t x = x0;
    if (threshold == 0) return 0;
#if defined(__SSE2__)
    /* Sixteen columns at a time: "darker than the threshold" is min(v, t - 1) == v, and
       a stroke edge is a dark pixel with a light one above (or below). Most of a page
       is paper, so most blocks end at the first test; the rest give a bit mask whose
       set bits (those on the stride) are the answers. */
    const __m128i limit = _mm_set1_epi8((char)(threshold - 1));
    const uint32_t on_stride = stride == 1 ? 0xFFFFu : (stride == 2 ? 0x5555u : (stride == 4 ? 0x1111u : 0));
    if (on_stride != 0) {
        for (; x + 16 <= x1; x += 16) {
            const __m128i v = _mm_loadu_si128((const __m128i *)(row + x));
            const __m128i dark = _mm_cmpeq_epi8(_mm_min_epu8(v, limit), v);
            uint32_t mask = (uint32_t)_mm_movemask_epi8(dark) & on_stride;
            if (mask == 0) continue;
            const __m128i a = _mm_loadu_si128((const __m128i *)(above + x));
            __m128i light = _mm_andnot_si128(_mm_cmpeq_epi8(_mm_min_epu8(a, limit), a), _mm_set1_epi8(-1));
            if (below != NULL) {
                const __m128i b = _mm_loadu_si128((const __m128i *)(below + x));
                light = _mm_or_si128(light, _mm_andnot_si128(_mm_cmpeq_epi8(_mm_min_epu8(b, limit), b),
                                                             _mm_set1_epi8(-1)));
            }
            mask &= (uint32_t)_mm_movemask_epi8(light);
            while (mask != 0) {
                out[count++] = x + __builtin_ctz(mask);
                mask &= mask - 1;
            }
        }
    }
#endif
    for (; x < x1; x += stride) {
        if (row[x] < threshold && (above[x] >= threshold || (below != NULL && below[x] >= threshold)))
            out[count++] = x;
    }
    return count;
}
