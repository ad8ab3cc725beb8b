#include "daftar_imaging.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* The table of a levels stretch is a clamped straight line, (v - black) * 255 / range
   rounded. As fixed point, (d * k + 2^15) >> 16 with k = 255 * 2^16 / range, it is
   eight multiplies per vector instead of a load per pixel; the line is checked against
   the table on all 256 values first, and any disagreement (a tie rounded the other
   way) keeps the table. */
static int line_matches(const uint8_t table[256], int32_t black, uint32_t k) {
    for (int32_t v = 0; v < 256; v++) {
        const int64_t d = v > black ? v - black : 0;
        int64_t value = (d * (int64_t)k + 32768) >> 16;
        if (value > 255) value = 255;
        if (value != table[v]) return 0;
    }
    return 1;
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static size_t apply_line_avx2(uint8_t *pixels, size_t count, int32_t black, uint32_t k) {
    const __m256i floor = _mm256_set1_epi8((char)black);
    const __m256i factor = _mm256_set1_epi32((int32_t)k), half = _mm256_set1_epi32(32768);
    size_t i = 0;
    for (; i + 32 <= count; i += 32) {
        const __m256i d = _mm256_subs_epu8(_mm256_loadu_si256((const __m256i *)(pixels + i)), floor);
        __m256i parts[4];
        for (int q = 0; q < 4; q++) {
            const __m256i wide = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)((const uint8_t *)&d + 8 * q)));
            parts[q] = _mm256_srli_epi32(_mm256_add_epi32(_mm256_mullo_epi32(wide, factor), half), 16);
        }
        /* Saturating packs clamp at 255; the permute undoes their per-lane interleaving. */
        const __m256i words_low = _mm256_packus_epi32(parts[0], parts[1]);
        const __m256i words_high = _mm256_packus_epi32(parts[2], parts[3]);
        const __m256i bytes = _mm256_packus_epi16(_mm256_permute4x64_epi64(words_low, 0xD8),
                                                  _mm256_permute4x64_epi64(words_high, 0xD8));
        _mm256_storeu_si256((__m256i *)(pixels + i), _mm256_permute4x64_epi64(bytes, 0xD8));
    }
    return i;
}
#endif

void dt_apply_levels(uint8_t *pixels, size_t count, const uint8_t table[256], int32_t black, int32_t white) {
    size_t i = 0;
#if defined(__x86_64__)
    if (white > black && black >= 0 && white <= 255 && __builtin_cpu_supports("avx2")) {
        const uint32_t k = (uint32_t)((255u * 65536u + (uint32_t)(white - black) / 2) / (uint32_t)(white - black));
        if (line_matches(table, black, k)) i = apply_line_avx2(pixels, count, black, k);
    }
#endif
    for (; i < count; i++) pixels[i] = table[pixels[i]];
}

void dt_histogram_add(const uint8_t *values, size_t width, size_t rows, size_t row_step, uint64_t counts[256]) {
    /* Four sets of counters taken in turn: paper is long runs of one value, and with
       one set every increment would wait for the previous one to the same counter. */
    uint32_t lanes[4][256];
    memset(lanes, 0, sizeof lanes);
    size_t pending = 0;
    for (size_t r = 0; r < rows; r++) {
        const uint8_t *row = values + r * row_step * width;
        size_t i = 0;
        for (; i + 4 <= width; i += 4) {
            lanes[0][row[i]]++;
            lanes[1][row[i + 1]]++;
            lanes[2][row[i + 2]]++;
            lanes[3][row[i + 3]]++;
        }
        for (; i < width; i++) lanes[0][row[i]]++;
        pending += width;
        /* 32-bit counters: fold them into counts before any could overflow. */
        if (pending > ((size_t)1 << 30) || r + 1 == rows) {
            for (int v = 0; v < 256; v++) {
                counts[v] += (uint64_t)lanes[0][v] + lanes[1][v] + lanes[2][v] + lanes[3][v];
                lanes[0][v] = lanes[1][v] = lanes[2][v] = lanes[3][v] = 0;
            }
            pending = 0;
        }
    }
}
