#include "daftar_imaging.h"

#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Bin positions of eight points (x, y interleaved) at once: y * cos + x * sin + offset,
   multiplied and added separately as the scalar loop does (no fused multiply-add), so
   each position and its truncation are the same to the bit. */
#if defined(__x86_64__)
__attribute__((target("avx2")))
static size_t bin_avx2(const float *points, size_t count, float sine, float cosine, float offset,
                       int32_t *bins, size_t size) {
    const __m256 vs = _mm256_set1_ps(sine), vc = _mm256_set1_ps(cosine), vo = _mm256_set1_ps(offset);
    /* Even lanes x, odd lanes y: gather them apart with a permute. */
    const __m256i evens = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    size_t i = 0;
    int32_t at[8];
    for (; i + 8 <= count; i += 8) {
        const __m256 first = _mm256_permutevar8x32_ps(_mm256_loadu_ps(points + 2 * i), evens);
        const __m256 second = _mm256_permutevar8x32_ps(_mm256_loadu_ps(points + 2 * i + 8), evens);
        const __m256 xs = _mm256_permute2f128_ps(first, second, 0x20);
        const __m256 ys = _mm256_permute2f128_ps(first, second, 0x31);
        const __m256 position = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(ys, vc), _mm256_mul_ps(xs, vs)), vo);
        _mm256_storeu_si256((__m256i *)at, _mm256_cvttps_epi32(position));
        bins[at[0]]++;
        bins[size + (size_t)at[1]]++;
        bins[at[2]]++;
        bins[size + (size_t)at[3]]++;
        bins[at[4]]++;
        bins[size + (size_t)at[5]]++;
        bins[at[6]]++;
        bins[size + (size_t)at[7]]++;
    }
    return i;
}
#endif

double dt_projection_score(const float *points, size_t count, float sine, float cosine, int32_t extent) {
#pragma clang fp contract(off)
    /* Same arithmetic as the estimator's Swift code had, so the peak and the
       confidence do not move: separate multiply and add, truncation toward zero. */
    const size_t size = 2 * (size_t)extent + 2;
    /* Two sets of bins taken in turn: neighbouring points mostly land in one bin,
       and an increment then need not wait for the previous one. */
    int32_t *bins = calloc(2 * size, sizeof(int32_t));
    if (bins == NULL) return 0;
    const float offset = (float)extent + 0.5f;
    size_t i = 0;
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) i = bin_avx2(points, count, sine, cosine, offset, bins, size);
#endif
    for (; i < count; i++) {
        const float position = points[2 * i + 1] * cosine + points[2 * i] * sine + offset;
        bins[(i & 1) * size + (size_t)(int32_t)position]++;
    }
    double sum = 0;
    for (size_t b = 0; b < size; b++) {
        const double total = (double)bins[b] + (double)bins[size + b];
        sum += total * total;
    }
    free(bins);
    return sum;
}
