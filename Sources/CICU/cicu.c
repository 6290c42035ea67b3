// The implementation side of cicu.h: the only file in the project that includes ICU headers.
#include "cicu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/uregex.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/uversion.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// ---- Character properties -------------------------------------------------------------------

int32_t cicu_script(int32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript((UChar32)c, &status);
    return U_FAILURE(status) ? USCRIPT_INVALID_CODE : (int32_t)script;
}

int32_t cicu_script_extensions(int32_t c, int32_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode buffer[32];
    int32_t n = uscript_getScriptExtensions((UChar32)c, buffer, 32, &status);
    if (U_FAILURE(status)) return 0;
    if (n > capacity) return -n;
    for (int32_t i = 0; i < n; i++) out[i] = (int32_t)buffer[i];
    return n;
}

int32_t cicu_char_type(int32_t c) { return (int32_t)u_charType((UChar32)c); }
int32_t cicu_is_sentence_terminal(int32_t c) { return u_hasBinaryProperty((UChar32)c, UCHAR_S_TERM) ? 1 : 0; }
int32_t cicu_is_white_space(int32_t c) { return u_isUWhiteSpace((UChar32)c) ? 1 : 0; }
int32_t cicu_to_lower(int32_t c) { return (int32_t)u_tolower((UChar32)c); }

// Answers known (bit set) and their values, by BMP scalar. A thread sets the value bit before the known
// bit (release), and reads the known bit (acquire) before the value: two threads may both ask ICU, and
// write the same bits.
static uint64_t cwcf_known[1024], cwcf_value[1024];

int32_t cicu_changes_when_casefolded(int32_t c) {
    if (c < 0 || c >= 0x10000) return u_hasBinaryProperty((UChar32)c, UCHAR_CHANGES_WHEN_CASEFOLDED) ? 1 : 0;
    int w = c >> 6;
    uint64_t bit = 1ULL << (c & 63);
    if (__atomic_load_n(&cwcf_known[w], __ATOMIC_ACQUIRE) & bit) return (__atomic_load_n(&cwcf_value[w], __ATOMIC_RELAXED) & bit) != 0;
    int v = u_hasBinaryProperty((UChar32)c, UCHAR_CHANGES_WHEN_CASEFOLDED) ? 1 : 0;
    if (v) __atomic_fetch_or(&cwcf_value[w], bit, __ATOMIC_RELAXED);
    __atomic_fetch_or(&cwcf_known[w], bit, __ATOMIC_RELEASE);
    return v;
}
int32_t cicu_script_code_limit(void) { return (int32_t)u_getIntPropertyMaxValue(UCHAR_SCRIPT) + 1; }
const char *cicu_script_short_name(int32_t s) { return uscript_getShortName((UScriptCode)s); }
const char *cicu_script_long_name(int32_t s) { return uscript_getName((UScriptCode)s); }

int32_t cicu_script_from_name(const char *name) {
    int32_t limit = cicu_script_code_limit();
    for (int32_t s = 0; s < limit; s++) {
        const char *longName = uscript_getName((UScriptCode)s);
        const char *shortName = uscript_getShortName((UScriptCode)s);
        if ((longName && strcmp(longName, name) == 0) || (shortName && strcmp(shortName, name) == 0)) return s;
    }
    return -1;
}

const char *cicu_version(void) {
    static char text[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, text);
    return text;
}

// ---- Character tables and the block scanner ---------------------------------------------------

#include <pthread.h>

static uint8_t table_scripts[0x10000];
static uint8_t table_classes[0x10000];
static uint16_t table_lower[0x10000];
static uint8_t table_dictionary[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static uint8_t compute_class(UChar32 c) {
    uint8_t k = 0;
    int8_t t = u_charType(c);
    switch (t) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER: case U_MODIFIER_LETTER: case U_OTHER_LETTER:
        k |= CICU_LETTER; break;
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK:
        k |= CICU_MARK; break;
    case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER:
        k |= CICU_DIGIT; break;
    case U_OTHER_NUMBER:
        k |= CICU_SYMBOL; break;
    case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
        k |= CICU_SPACE; break;
    case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION: case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION: case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION:
        k |= CICU_PUNCTUATION; break;
    case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL:
        k |= CICU_SYMBOL; break;
    default: break;
    }
    if (u_isUWhiteSpace(c)) k |= CICU_SPACE;
    // Sentence_Terminal, and three marks that end sentences in running text without the property: the
    // Khmer khan and bariyoosan (U+17D4, U+17D5), and the Greek question mark (U+037E).
    if (u_hasBinaryProperty(c, UCHAR_S_TERM) || c == 0x17D4 || c == 0x17D5 || c == 0x037E) k |= CICU_SENTENCE_TERMINAL;
    if (t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION || c == 0x22 || c == 0x27 || c == 0x300D || c == 0x300F) k |= CICU_CLOSING;
    return k;
}

static int32_t script_or_common(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t s = (int32_t)uscript_getScript(c, &status);
    return (U_FAILURE(status) || s < 0 || s > 255) ? 0 : s;
}

static void build_tables(void) {
    for (int32_t c = 0; c < 0x10000; c++) {
        table_lower[c] = (uint16_t)c;
        if (c >= 0xD800 && c < 0xE000) continue;
        table_scripts[c] = (uint8_t)script_or_common(c);
        table_classes[c] = compute_class(c);
        UChar32 l = u_tolower(c);
        if (l < 0x10000) table_lower[c] = (uint16_t)l;
    }
    const UScriptCode dictionary[] = { USCRIPT_HAN, USCRIPT_HIRAGANA, USCRIPT_KATAKANA, USCRIPT_THAI, USCRIPT_LAO, USCRIPT_KHMER, USCRIPT_MYANMAR };
    for (size_t i = 0; i < sizeof dictionary / sizeof dictionary[0]; i++) table_dictionary[dictionary[i]] = 1;
}

const uint8_t *cicu_table_scripts(void) { pthread_once(&tables_once, build_tables); return table_scripts; }
const uint8_t *cicu_table_classes(void) { pthread_once(&tables_once, build_tables); return table_classes; }
const uint16_t *cicu_table_lower(void) { pthread_once(&tables_once, build_tables); return table_lower; }
const uint8_t *cicu_table_dictionary_scripts(void) { pthread_once(&tables_once, build_tables); return table_dictionary; }

// A scalar's character class: from the table in the BMP (built by then), from ICU beyond it.
static inline uint8_t class_of(uint32_t c) { return c < 0x10000 ? table_classes[c] : compute_class((UChar32)c); }

uint8_t cicu_class_of(int32_t c) {
    if (c < 0) return compute_class(c);
    pthread_once(&tables_once, build_tables);
    return class_of((uint32_t)c);
}

int32_t cicu_script_of(int32_t c) {
    if (c >= 0 && c < 0x10000) { pthread_once(&tables_once, build_tables); return table_scripts[c]; }
    return script_or_common(c);
}

uint64_t cicu_word_hash_step(uint64_t h, uint32_t scalar) {
    h = (h ^ (uint64_t)(scalar & 0xFF)) * 0x100000001b3ULL;
    h = (h ^ (uint64_t)(scalar >> 8)) * 0x100000001b3ULL;
    return h;
}

#define WORD_HASH_SEED 0xcbf29ce484222325ULL

static inline void count_stopword(uint64_t hash, const uint64_t *keys, const uint64_t *masks, int64_t size,
                                  const uint64_t *filter, int32_t *lang_counts, int32_t lang_count, uint64_t *hit,
                                  uint64_t *hit_masks, int64_t *hits) {
    if (!keys || size <= 0) return;
    if (hash == 0) hash = 1;
    uint64_t f = hash >> 49;
    if (filter && !((filter[f >> 6] >> (f & 63)) & 1)) return;
    int64_t i = (int64_t)(hash & (uint64_t)(size - 1));
    while (keys[i] != 0) {
        if (keys[i] == hash) {
            uint64_t m = masks[i];
            if (hit_masks) { hit_masks[(*hits)++] = m; *hit |= m; return; }
            while (m) {
                int bit = __builtin_ctzll(m);
                if (bit < lang_count) { lang_counts[bit]++; *hit |= 1ULL << bit; }
                m &= m - 1;
            }
            return;
        }
        i = (i + 1) & (size - 1);
    }
}

// ---- Break iterators ------------------------------------------------------------------------

struct cicu_breaker {
    UBreakIterator *iterator;
    int32_t kind;
    // Text converted to UTF-16 for word segmentation (ICU-NOTES: word breaks run ~1.5 times as fast on
    // UTF-16 as on a UTF-8 UText).
    UChar *units;
    int32_t capacity;
};

cicu_breaker *cicu_breaker_open(int32_t kind, const char *locale, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(kind == CICU_BREAK_SENTENCE ? UBRK_SENTENCE : UBRK_WORD, locale, NULL, 0, &status);
    *error = (int32_t)status;
    if (U_FAILURE(status)) return NULL;
    cicu_breaker *b = calloc(1, sizeof *b);
    if (!b) { ubrk_close(it); *error = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    b->iterator = it;
    b->kind = kind;
    return b;
}

// Leaves a break iterator on an empty text, so that it no longer points into a buffer that may move or go.
static void detach_text(UBreakIterator *it) {
    static const UChar nothing[1] = {0};
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(it, nothing, 0, &status);
}

cicu_breaker *cicu_breaker_clone(const cicu_breaker *breaker, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_clone(breaker->iterator, &status);
    *error = (int32_t)status;
    if (U_FAILURE(status)) return NULL;
    cicu_breaker *b = calloc(1, sizeof *b);
    if (!b) { ubrk_close(it); *error = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    // The clone must not keep the original's text buffer.
    detach_text(it);
    b->iterator = it;
    b->kind = breaker->kind;
    return b;
}

void cicu_breaker_close(cicu_breaker *b) {
    if (!b) return;
    ubrk_close(b->iterator);
    free(b->units);
    free(b);
}

static int has_non_space(const uint8_t *text, int32_t from, int32_t to) {
    for (int32_t i = from; i < to; i++) {
        uint8_t c = text[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return 1;
    }
    return 0;
}

int32_t cicu_breaker_count_utf8(cicu_breaker *b, const uint8_t *text, int64_t length) {
    if (length <= 0) return 0;
    if (length > INT32_MAX) return -1;
    UErrorCode status = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, (const char *)text, length, &status);
    if (U_FAILURE(status)) return -1;
    ubrk_setUText(b->iterator, &ut, &status);
    if (U_FAILURE(status)) { utext_close(&ut); return -1; }
    int32_t count = 0;
    int32_t previous = ubrk_first(b->iterator);
    for (int32_t next = ubrk_next(b->iterator); next != UBRK_DONE; next = ubrk_next(b->iterator)) {
        if (b->kind == CICU_BREAK_WORD) {
            if (ubrk_getRuleStatus(b->iterator) >= UBRK_WORD_NONE_LIMIT) count++;
        } else if (has_non_space(text, previous, next)) {
            count++;
        }
        previous = next;
    }
    utext_close(&ut);
    return count;
}

// Word segments found on the text converted to UTF-16, their offsets mapped back to bytes; -3 when the text
// is not converted exactly (out of memory, or not valid UTF-8): the caller segments the UTF-8 itself.
static int32_t words_utf16(cicu_breaker *b, const uint8_t *text, int64_t length,
                           int32_t *starts, int32_t *ends, int32_t capacity) {
    if (length > INT32_MAX / 2) return -3;
    int32_t needed = (int32_t)length + 1;
    if (b->capacity < needed) {
        // The iterator keeps the text it was given: leave it on an empty text before the buffer moves.
        detach_text(b->iterator);
        int32_t size = needed < 256 ? 256 : needed;
        UChar *fresh = realloc(b->units, (size_t)size * sizeof(UChar));
        if (!fresh) return -3;
        b->units = fresh;
        b->capacity = size;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t units = 0, substitutions = 0;
    u_strFromUTF8WithSub(b->units, b->capacity, &units, (const char *)text, (int32_t)length, 0xFFFD, &substitutions, &status);
    if (U_FAILURE(status) || substitutions > 0 || units > b->capacity) return -3;
    ubrk_setText(b->iterator, b->units, units, &status);
    if (U_FAILURE(status)) return -1;
    // Boundaries come in increasing order: one cursor (UTF-16 offset u at byte i) walks the text once.
    int32_t u = 0, i = 0;
    int32_t count = 0;
    int32_t previous = ubrk_first(b->iterator), previousByte = 0;
    for (int32_t next = ubrk_next(b->iterator); next != UBRK_DONE && count < capacity; next = ubrk_next(b->iterator)) {
        while (u < next && i < length) {
            uint8_t b0 = text[i];
            if (b0 < 0x80) { i += 1; u += 1; }
            else if (b0 < 0xE0) { i += 2; u += 1; }
            else if (b0 < 0xF0) { i += 3; u += 1; }
            else { i += 4; u += 2; }
        }
        if (ubrk_getRuleStatus(b->iterator) >= UBRK_WORD_NONE_LIMIT) {
            starts[count] = previousByte;
            ends[count] = i;
            count++;
        }
        previous = next;
        previousByte = i;
    }
    (void)previous;
    // The iterator stays on the buffer, which lives as long as the breaker and moves only after the
    // iterator has been set on an empty text (above).
    return count;
}

int32_t cicu_breaker_words_utf8(cicu_breaker *b, const uint8_t *text, int64_t length,
                                int32_t *starts, int32_t *ends, int32_t capacity) {
    if (length <= 0) return 0;
    if (length > INT32_MAX) return -1;
    int32_t converted = words_utf16(b, text, length, starts, ends, capacity);
    if (converted != -3) return converted;
    UErrorCode status = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, (const char *)text, length, &status);
    if (U_FAILURE(status)) return -1;
    ubrk_setUText(b->iterator, &ut, &status);
    if (U_FAILURE(status)) { utext_close(&ut); return -1; }
    int32_t count = 0;
    int32_t previous = ubrk_first(b->iterator);
    for (int32_t next = ubrk_next(b->iterator); next != UBRK_DONE && count < capacity; next = ubrk_next(b->iterator)) {
        if (ubrk_getRuleStatus(b->iterator) >= UBRK_WORD_NONE_LIMIT) {
            starts[count] = previous;
            ends[count] = next;
            count++;
        }
        previous = next;
    }
    utext_close(&ut);
    return count;
}

// ---- Normalisation ----------------------------------------------------------------------------

struct cicu_folder {
    const UNormalizer2 *normalizer;
    UChar *source;
    int32_t sourceCapacity;
    UChar *folded;
    int32_t foldedCapacity;
    // The fold of each BMP scalar seen so far that has a normalisation boundary before it (see
    // fold_by_table): bit 31 set once known, bit 30 set for such a scalar, bits 8..29 the offset of its
    // UTF-8 fold in `pool`, bits 0..7 its length.
    uint32_t *table;
    // For the same scalars, what the core text needs of their fold (see core_by_table): FOLD_ONE_SCALAR
    // and the fold's character class in the low byte, FOLD_EMPTY, or 0 for a fold of several scalars.
    uint16_t *fold_info;
    // One bit per BMP scalar known to be folded by table into itself (most letters of most scripts):
    // 8 KiB that stay in the L1 cache, where the two tables above do not. Such a scalar's class is its
    // own (table_classes).
    uint64_t *identity;
    uint8_t *pool;
    int32_t poolSize, poolCapacity;
    // Folded UTF-8 on its way to cicu_folder_core_text's output, and that output.
    uint8_t *foldedBytes, *core;
    int64_t foldedBytesCapacity, coreCapacity;
};

enum { FOLD_KNOWN = 1u << 31, FOLD_BY_TABLE = 1u << 30 };
enum { FOLD_ONE_SCALAR = 0x100, FOLD_EMPTY = 0x200 };

cicu_folder *cicu_folder_open(int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCCasefoldInstance(&status);
    *error = (int32_t)status;
    if (U_FAILURE(status)) return NULL;
    cicu_folder *f = calloc(1, sizeof *f);
    if (f) {
        f->table = calloc(0x10000, sizeof *f->table);
        f->fold_info = calloc(0x10000, sizeof *f->fold_info);
        f->identity = calloc(0x10000 / 64, sizeof *f->identity);
    }
    if (!f || !f->table || !f->fold_info || !f->identity) {
        if (f) { free(f->table); free(f->fold_info); free(f->identity); }
        free(f);
        *error = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    f->normalizer = n;
    return f;
}

void cicu_folder_close(cicu_folder *f) {
    if (!f) return;
    free(f->source);
    free(f->folded);
    free(f->table);
    free(f->fold_info);
    free(f->identity);
    free(f->pool);
    free(f->foldedBytes);
    free(f->core);
    free(f);
}

static int grow(UChar **buffer, int32_t *capacity, int32_t needed) {
    if (*capacity >= needed) return 1;
    int32_t size = needed < 256 ? 256 : needed;
    UChar *fresh = realloc(*buffer, (size_t)size * sizeof(UChar));
    if (!fresh) return 0;
    *buffer = fresh;
    *capacity = size;
    return 1;
}

int64_t cicu_folder_fold_utf8_by_icu(cicu_folder *f, const uint8_t *text, int64_t length, uint8_t *out, int64_t capacity) {
    if (length < 0 || length > INT32_MAX / 4) return -1;
    UErrorCode status = U_ZERO_ERROR;
    int32_t units = 0;
    if (!grow(&f->source, &f->sourceCapacity, (int32_t)length + 1)) return -1;
    u_strFromUTF8WithSub(f->source, f->sourceCapacity, &units, (const char *)text, (int32_t)length, 0xFFFD, NULL, &status);
    if (U_FAILURE(status)) return -1;
    // Turkish dotted capital I folds to plain i, as in learn_fold.
    for (int32_t k = 0; k < units; k++) if (f->source[k] == 0x130) f->source[k] = 0x69;
    // NFKC_Casefold can expand text; retry once with the size ICU asks for.
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!grow(&f->folded, &f->foldedCapacity, units * 2 + 16)) return -1;
        status = U_ZERO_ERROR;
        int32_t n = unorm2_normalize(f->normalizer, f->source, units, f->folded, f->foldedCapacity, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            if (!grow(&f->folded, &f->foldedCapacity, n + 16)) return -1;
            status = U_ZERO_ERROR;
            n = unorm2_normalize(f->normalizer, f->source, units, f->folded, f->foldedCapacity, &status);
        }
        if (U_FAILURE(status)) return -1;
        int32_t bytes = 0;
        status = U_ZERO_ERROR;
        u_strToUTF8((char *)out, capacity > INT32_MAX ? INT32_MAX : (int32_t)capacity, &bytes, f->folded, n, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return bytes;
        if (U_FAILURE(status)) return -1;
        return bytes;
    }
    return -1;
}

// Learns the table entry of one BMP scalar: whether it has a normalisation boundary before it, and if
// so its NFKC_Casefold by ICU, as UTF-8.
static uint32_t learn_fold(cicu_folder *f, uint32_t c) {
    uint32_t entry = FOLD_KNOWN;
    if ((c < 0xD800 || c > 0xDFFF) && unorm2_hasBoundaryBefore(f->normalizer, (UChar32)c)) {
        // U+0130 (Turkish dotted capital I) folds to "i" + U+0307 by NFKC_Casefold, so "İLGİLİ" would never
        // match "ilgili": fold it as plain "i" (both paths, text and phrases alike).
        UChar source[1] = { (UChar)(c == 0x130 ? 0x69 : c) }, folded[64];
        uint8_t bytes[192];
        UErrorCode status = U_ZERO_ERROR;
        int32_t n = unorm2_normalize(f->normalizer, source, 1, folded, 64, &status);
        int32_t length = 0;
        if (U_SUCCESS(status)) u_strToUTF8((char *)bytes, (int32_t)sizeof bytes, &length, folded, n, &status);
        if (U_SUCCESS(status) && length <= 255 && f->poolSize + length < (1 << 22)) {
            if (f->poolSize + length > f->poolCapacity) {
                int32_t size = f->poolCapacity < 4096 ? 4096 : f->poolCapacity * 2;
                uint8_t *fresh = realloc(f->pool, (size_t)size);
                if (!fresh) return entry;   // not cached: ICU folds this text
                f->pool = fresh;
                f->poolCapacity = size;
            }
            memcpy(f->pool + f->poolSize, bytes, (size_t)length);
            entry |= FOLD_BY_TABLE | ((uint32_t)f->poolSize << 8) | (uint32_t)length;
            f->poolSize += length;
            pthread_once(&tables_once, build_tables);
            uint16_t info = 0;
            if (length == 0) {
                info = FOLD_EMPTY;
            } else {
                UChar32 first;
                int32_t at = 0;
                U8_NEXT(bytes, at, length, first);
                if (at == length && first >= 0) info = FOLD_ONE_SCALAR | class_of((uint32_t)first);
                if (at == length && first == (UChar32)c) f->identity[c >> 6] |= 1ULL << (c & 63);
            }
            f->fold_info[c] = info;
        }
    }
    f->table[c] = entry;
    return entry;
}

// Decodes the scalar at text[*i] and advances *i past it: well-formed UTF-8 of the Basic Multilingual Plane
// only (no surrogates, no overlong forms). Returns 0, leaving *i, for anything else; the table paths then
// leave the text to ICU.
static inline int next_bmp_scalar(const uint8_t *text, int64_t length, int64_t *i, uint32_t *scalar) {
    int64_t k = *i;
    uint8_t b0 = text[k];
    uint32_t c;
    if (b0 < 0x80) {
        c = b0; k += 1;
    } else if (b0 >= 0xC2 && b0 < 0xE0 && k + 1 < length && (text[k + 1] & 0xC0) == 0x80) {
        c = ((uint32_t)(b0 & 0x1F) << 6) | (text[k + 1] & 0x3F); k += 2;
    } else if (b0 >= 0xE0 && b0 < 0xF0 && k + 2 < length && (text[k + 1] & 0xC0) == 0x80 && (text[k + 2] & 0xC0) == 0x80) {
        c = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(text[k + 1] & 0x3F) << 6) | (text[k + 2] & 0x3F); k += 3;
        if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    } else {
        return 0;
    }
    *scalar = c; *i = k;
    return 1;
}

// NFKC_Casefold by table, exactly as ICU would fold the whole text: when every scalar has a
// normalisation boundary before it (unorm2_hasBoundaryBefore: it never interacts with what precedes it),
// the text normalises piece by piece at each boundary, so its fold is the concatenation of the folds of
// its scalars. Combining marks, conjoining jamo that follow others and the like have no such boundary;
// text with any of them, with scalars beyond the BMP or with malformed UTF-8 goes to ICU (returns -2).
static int64_t fold_by_table(cicu_folder *f, const uint8_t *text, int64_t length, uint8_t *out, int64_t capacity) {
    int64_t produced = 0;
    int64_t i = 0;
    while (i < length) {
        uint32_t c;
        if (!next_bmp_scalar(text, length, &i, &c)) return -2;
        uint32_t entry = f->table[c];
        if (!(entry & FOLD_KNOWN)) entry = learn_fold(f, c);
        if (!(entry & FOLD_BY_TABLE)) return -2;
        int64_t n = entry & 0xFF;
        if (produced + n <= capacity) {
            const uint8_t *fold = f->pool + ((entry >> 8) & 0x3FFFFF);
            for (int64_t k = 0; k < n; k++) out[produced + k] = fold[k];   // mostly 1 to 3 bytes: no memcpy call
        }
        produced += n;
    }
    return produced;
}

int64_t cicu_folder_fold_utf8(cicu_folder *f, const uint8_t *text, int64_t length, uint8_t *out, int64_t capacity) {
    if (length < 0 || length > INT32_MAX / 4) return -1;
    int64_t produced = fold_by_table(f, text, length, out, capacity);
    if (produced >= 0) return produced;
    return cicu_folder_fold_utf8_by_icu(f, text, length, out, capacity);
}

// Decodes the scalar at p, UTF-8 known to be well formed (a fold by ICU or the table, or text the decoder
// validated), and returns its length in bytes.
static inline int64_t decode_valid(const uint8_t *p, uint32_t *c) {
    uint8_t b0 = p[0];
    if (b0 < 0x80) { *c = b0; return 1; }
    if (b0 < 0xE0) { *c = ((uint32_t)(b0 & 0x1F) << 6) | (p[1] & 0x3F); return 2; }
    if (b0 < 0xF0) { *c = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F); return 3; }
    *c = ((uint32_t)(b0 & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return 4;
}

// One folded scalar of class k (bytes p[0..<n]) into a core text: white space becomes one space between
// words, leading non-letters go, and the core ends after its last letter. The state is named by the
// caller: the buffer, the bytes produced, the pending space and the end after the last letter.
#define CORE_STEP_INTO(k, p, n, buf, count, space, end) do { \
        if ((k) & CICU_SPACE) { \
            if ((count) > 0) (space) = 1; \
        } else { \
            int letter_ = ((k) & (CICU_LETTER | CICU_MARK)) != 0; \
            if ((count) > 0 || letter_) { \
                if (space) { (buf)[(count)++] = 0x20; (space) = 0; } \
                for (int64_t j_ = 0; j_ < (n); j_++) (buf)[(count)++] = (p)[j_]; \
                if (letter_) (end) = (count); \
            } \
        } \
    } while (0)
// The table fold of one scalar (fold[0..<n], its fold_info `info`) into a core text through STEP
// (CORE_STEP or SCAN_CORE_STEP), leaving out optional marks: one folded scalar at once, a fold of several
// (ligatures, ß → ss, a Hebrew presentation form → letter + point, ...) scalar by scalar.
#define CORE_FOLD(info, fold, n, STEP) do { \
        if ((info) & FOLD_ONE_SCALAR) { \
            uint8_t fk_ = (uint8_t)(info); \
            uint32_t fs_; \
            if (!((fk_ & CICU_MARK) && (decode_valid((fold), &fs_), is_optional_mark(fs_)))) STEP(fk_, (fold), (n)); \
        } else if (!((info) & FOLD_EMPTY)) { \
            int64_t at_ = 0; \
            while (at_ < (n)) { \
                uint32_t fs_; \
                int64_t sl_ = decode_valid((fold) + at_, &fs_); \
                if (!is_optional_mark(fs_)) { \
                    uint8_t sk_ = class_of(fs_); \
                    STEP(sk_, (fold) + at_, sl_); \
                } \
                at_ += sl_; \
            } \
        } \
    } while (0)
// On core_by_table's state (out, produced, pending_space, last_letter_end).
#define CORE_STEP(k, p, n) CORE_STEP_INTO(k, p, n, out, produced, pending_space, last_letter_end)

// Marks that writers of Arabic and Hebrew add or leave out at will: Arabic harakat, Quranic annotation
// signs and the tatweel (kashida) that stretches a word, Hebrew points and cantillation. The core text
// leaves them out, so that a phrase written without them matches a line written with them ("مَقالات"
// is "مقالات") and the other way round.
static inline int is_optional_mark(uint32_t c) {
    if (c - 0x0591u > 0x06EDu - 0x0591u) return 0;
    if (c <= 0x05C7) return c <= 0x05BD || c == 0x05BF || c == 0x05C1 || c == 0x05C2 || c == 0x05C4 || c == 0x05C5 || c == 0x05C7;
    // Not the madda and hamza above and below (U+0653..U+0655): normalisation composes them with the
    // letter before them (alef + hamza above = U+0623), so they are part of a letter.
    return (c >= 0x0610 && c <= 0x061A) || c == 0x0640 || (c >= 0x064B && c <= 0x0652) || (c >= 0x0656 && c <= 0x065F) || c == 0x0670
        || (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E4) || c == 0x06E7 || c == 0x06E8
        || (c >= 0x06EA && c <= 0x06ED);
}

int64_t cicu_core_of_folded(const uint8_t *t, int64_t n, uint8_t *out) {
    pthread_once(&tables_once, build_tables);
    int64_t produced = 0, last_letter_end = 0;
    int pending_space = 0;
    int64_t i = 0;
    while (i < n) {
        uint32_t c;
        int64_t len = decode_valid(t + i, &c);
        if (is_optional_mark(c)) { i += len; continue; }
        uint8_t k = class_of(c);
        CORE_STEP(k, t + i, len);
        i += len;
    }
    return last_letter_end;
}

// Eight printable ASCII bytes (a word of them, little-endian, 0x20..0x7E) with no two spaces in a row
// and no space at the end: after text that ended with something other than white space, the core text
// continues with exactly these bytes, letters in lower case (each space stands between two non-spaces and
// stays one space; digits and punctuation are kept as they are). Returns them so, or 0 when the bytes are
// anything else; *letter_end is the number of bytes up to and including the last letter (0 for none).
// Prose with punctuation and digits stays on this path, where letters and spaces alone left it at every
// comma.
static inline uint64_t ascii_printable_run(uint64_t w, int *letter_end) {
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL, low7 = 0x7F7F7F7F7F7F7F7FULL;
    if (w & high) return 0;
    // A byte below 0x20 (controls, \t..\r) or equal to 0x7F (exact for bytes below 0x80).
    if ((w - 0x20 * ones) & ~w & high) return 0;
    if ((w + ones) & high) return 0;
    uint64_t lower = w | (0x20 * ones);
    // A letter: its lower case lies in 0x61..0x7A (bytes below 0x80, so no carry crosses a byte).
    uint64_t letters = (lower + 0x1F * ones) & ~(lower + 0x05 * ones) & high;
    // A space: the byte equals 0x20 (exact zero-byte test on w ^ 0x20...).
    uint64_t x = w ^ (0x20 * ones);
    uint64_t spaces = ~(((x & low7) + low7) | x | low7);
    if (spaces & (spaces << 8)) return 0;             // two spaces in a row
    if (spaces >> 63) return 0;                       // the last byte is a space
    *letter_end = letters ? (63 - __builtin_clzll(letters)) / 8 + 1 : 0;
    return w | ((letters >> 7) * 0x20);
}

// ASCII text folds to its lower case; its letters are A-Z and a-z, its white space \t..\r and space.
static int64_t ascii_core(const uint8_t *t, int64_t n, uint8_t *out) {
    int64_t produced = 0, last_letter_end = 0;
    int pending_space = 0;
    for (int64_t i = 0; i < n; i++) {
        // Runs of printable bytes and single spaces (most of prose) eight bytes at a time.
        while (produced > 0 && !pending_space && i + 8 <= n) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            int letter_end;
            uint64_t lower = ascii_printable_run(w, &letter_end);
            if (!lower) break;
            memcpy(out + produced, &lower, 8);
            if (letter_end) last_letter_end = produced + letter_end;
            produced += 8;
            i += 8;
        }
        if (i >= n) break;
        uint8_t b = t[i];
        int upper = b >= 0x41 && b <= 0x5A;
        int letter = upper || (b >= 0x61 && b <= 0x7A);
        if (b == 0x20 || (b >= 0x09 && b <= 0x0D)) {
            if (produced > 0) pending_space = 1;
            continue;
        }
        if (produced == 0 && !letter) continue;
        if (pending_space) { out[produced++] = 0x20; pending_space = 0; }
        out[produced++] = upper ? (uint8_t)(b | 0x20) : b;
        if (letter) last_letter_end = produced;
    }
    return last_letter_end;
}

static int reserve(uint8_t **buffer, int64_t *capacity, int64_t needed) {
    if (*capacity >= needed) return 1;
    int64_t size = needed + 256;
    uint8_t *fresh = realloc(*buffer, (size_t)size);
    if (!fresh) return 0;
    *buffer = fresh;
    *capacity = size;
    return 1;
}

// The core text of text whose every scalar is folded by table (see fold_by_table), in one pass over the
// text: the same bytes as cicu_core_of_folded of its fold, without writing the fold out and decoding it
// again. Returns the core's length (in f->core), -2 when a scalar is not folded by table (nothing is
// then known: the caller folds by ICU), -1 when out of memory.
static int64_t core_by_table(cicu_folder *f, const uint8_t *text, int64_t length) {
    if (!reserve(&f->core, &f->coreCapacity, 1)) return -1;
    int64_t produced = 0, last_letter_end = 0;
    int pending_space = 0;
    int64_t i = 0;
    while (i < length) {
        // Printable ASCII and single spaces eight at a time, as in ascii_core (ASCII letters are folded by
        // table to their lower case, other printable ASCII to itself, and only the space among them is
        // white space).
        if (produced > 0 && !pending_space && i + 8 <= length) {
            uint64_t w;
            memcpy(&w, text + i, 8);
            int letter_end;
            uint64_t lower = ascii_printable_run(w, &letter_end);
            if (lower) {
                if (produced + 8 > f->coreCapacity && !reserve(&f->core, &f->coreCapacity, produced + 8)) return -1;
                memcpy(f->core + produced, &lower, 8);
                if (letter_end) last_letter_end = produced + letter_end;
                produced += 8;
                i += 8;
                continue;
            }
        }
        uint32_t c;
        // The same decoding and the same refusals as fold_by_table.
        if (!next_bmp_scalar(text, length, &i, &c)) return -2;
        if (is_optional_mark(c)) continue;
        if ((f->identity[c >> 6] >> (c & 63)) & 1) {
            // Folds to itself: the bytes just decoded, with the scalar's own class.
            int64_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (produced + 1 + n > f->coreCapacity && !reserve(&f->core, &f->coreCapacity, produced + 1 + n)) return -1;
            uint8_t *out = f->core;
            uint8_t k = table_classes[c];
            CORE_STEP(k, text + i - n, n);
            continue;
        }
        uint32_t entry = f->table[c];
        if (!(entry & FOLD_KNOWN)) entry = learn_fold(f, c);
        if (!(entry & FOLD_BY_TABLE)) return -2;
        int64_t n = entry & 0xFF;
        // Room for a pending space and the whole fold.
        if (produced + 1 + n > f->coreCapacity && !reserve(&f->core, &f->coreCapacity, produced + 1 + n)) return -1;
        uint8_t *out = f->core;
        const uint8_t *fold = f->pool + ((entry >> 8) & 0x3FFFFF);
        uint16_t info = f->fold_info[c];
        CORE_FOLD(info, fold, n, CORE_STEP);
    }
    return last_letter_end;
}
#undef CORE_STEP

// On the scanner's core state (core, cp, core_space, core_end): no bounds check (see below).
#define SCAN_CORE_STEP(k, p, len) CORE_STEP_INTO(k, p, len, core, cp, core_space, core_end)

// A word character of class k in the scanner: a new word starts (counted, its hash seeded), or the
// joiner before it inside the word (an apostrophe between letters, a point between digits) goes into its
// hash; a word with a non-digit is not a number. Both the ASCII fast path and the general path use it.
#define WORD_CHAR_STEP(k) do { \
        if (!in_word) { \
            words++; \
            in_word = 1; \
            word_is_digits = 1; \
            hash = WORD_HASH_SEED; \
        } else if (joiner) { \
            hash = cicu_word_hash_step(hash, joiner); \
            joiner = 0; \
        } \
        if (!((k) & CICU_DIGIT)) word_is_digits = 0; \
    } while (0)

// The block scanner. With a folder and an output buffer it also builds the block's phrase core text in
// the same pass (the bytes cicu_folder_core_text gives for it), as long as every scalar is folded by table
// (core_by_table's refusals: scalars beyond the BMP, malformed UTF-8, scalars without a normalisation
// boundary before them); otherwise *core_length is -1 and the core text is left to cicu_folder_core_text.
//
// Room: the caller gives at least n + 2 bytes. Output never outgrows the input consumed, plus a pending
// space, except through a fold longer than its scalar; such a fold is taken only while what is left of
// the input still fits after it (core_room), so no other step needs a bounds check.
void cicu_scan_block_core(const uint8_t *text, int64_t n, cicu_block_counts *f,
                          int32_t *script_counts, int32_t *touched,
                          const uint64_t *stop_keys, const uint64_t *stop_masks, int64_t stop_size,
                          const uint64_t *stop_filter, int32_t *lang_counts, int32_t lang_count,
                          cicu_folder *folder, uint8_t *core, int64_t core_capacity, int64_t *core_length,
                          uint64_t *hit_masks, int64_t *hit_count) {
    pthread_once(&tables_once, build_tables);
    int64_t hits = 0;
    int core_on = folder != NULL && core != NULL && core_capacity >= n + 2 && n <= INT32_MAX / 4;
    int64_t cp = 0, core_end = 0;
    int core_space = 0;
    // Counters live in locals (registers), not behind `f`, which the compiler must assume aliases the
    // count arrays.
    int32_t characters = 0, letters = 0, digits = 0, punctuation = 0, symbols = 0, spaces = 0, words = 0;
    int32_t sentence_marks = 0, wide = 0, uses_dictionary = 0;
    uint64_t languages = 0;
    int in_word = 0, word_is_digits = 1, last_terminal = 0, previous_terminal = 0;
    uint32_t joiner = 0;
    uint64_t hash = WORD_HASH_SEED;
    int32_t pending_common = 0, last_script = -1;
    int64_t i = 0;
#define END_WORD() do { if (!word_is_digits) count_stopword(hash, stop_keys, stop_masks, stop_size, stop_filter, lang_counts, lang_count, &languages, hit_masks, &hits); \
                        in_word = 0; joiner = 0; } while (0)
    const int32_t latin = table_scripts['a'];
    while (i < n) {
        // Fast path: ASCII letters and spaces within a Latin run, the bulk of text in Latin script. For
        // them the general path below does only this: a letter counts a character, a letter and a Latin
        // character (Latin is counted already, and Common characters before it were resolved when the
        // run began), starts a word or continues it (a pending joiner hashed first), and hashes its lower
        // case; the hash's two FNV steps fuse into one multiplication, because an ASCII scalar's high
        // byte is 0: ((h ^ c) * P ^ 0) * P = (h ^ c) * P² (mod 2^64), exactly what cicu_word_hash_step
        // computes. A space counts a space, ends a word and closes a sentence after a terminal.
        if (last_script >= 0) {
            // Within a run of any script (last_script is set only to a script above Inherited) the same
            // holds for spaces and printable ASCII other than letters, which are Common and count for the
            // run's script; ASCII letters stay here only in a Latin run.
            const int dictionary_run = table_dictionary[last_script];
            while (i < n) {
                uint8_t b = text[i];
                uint8_t lower = b | 0x20;
                if (lower >= 'a' && lower <= 'z') {
                    if (last_script != latin) break;
                    if (!in_word) {
                        words++;
                        in_word = 1;
                        hash = WORD_HASH_SEED;
                    } else if (joiner) {
                        hash = cicu_word_hash_step(hash, joiner);
                        joiner = 0;
                    }
                    word_is_digits = 0;
                    int64_t start = i;
                    if (core_on) {
                        // Core text: a pending space, then the letters in lower case, eight bytes at a time
                        // while eight are left: all eight are stored in lower case (the bytes past the run
                        // are written over later or lie past the core's end; cp + (n - i) + 2 stays within
                        // the room, see above), the run's length is the number of letters before the first
                        // other byte, and only the run's bytes are hashed.
                        core[cp] = 0x20;
                        cp += core_space;
                        core_space = 0;
                        while (i + 8 <= n) {
                            const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
                            uint64_t w;
                            memcpy(&w, text + i, 8);
                            uint64_t lw = w | (0x20 * ones);
                            // Bytes below 0x80 whose lower case lies in 0x61..0x7A (no carry crosses a byte
                            // of lw & 0x7F..., and bytes from 0x80 up are masked out by ~w).
                            uint64_t x = lw & ~high;
                            uint64_t is_letter = (x + 0x1F * ones) & ~(x + 0x05 * ones) & ~w & high;
                            uint64_t other = ~is_letter & high;
                            int64_t run = other ? __builtin_ctzll(other) >> 3 : 8;
                            memcpy(core + cp, &lw, 8);
                            cp += run;
                            i += run;
                            for (int64_t j = 0; j < run; j++) {
                                hash = (hash ^ (lw & 0xFF)) * (0x100000001b3ULL * 0x100000001b3ULL);
                                lw >>= 8;
                            }
                            if (run < 8) goto letters_done;
                        }
                        while (i < n) {
                            lower = text[i] | 0x20;
                            if (lower < 'a' || lower > 'z') break;
                            hash = (hash ^ lower) * (0x100000001b3ULL * 0x100000001b3ULL);
                            core[cp++] = lower;
                            i++;
                        }
                    letters_done:
                        core_end = cp;
                    } else {
                        do {
                            hash = (hash ^ lower) * (0x100000001b3ULL * 0x100000001b3ULL);
                            i++;
                            if (i == n) break;
                            lower = text[i] | 0x20;
                        } while (lower >= 'a' && lower <= 'z');
                    }
                    int32_t run = (int32_t)(i - start);
                    characters += run;
                    letters += run;
                    script_counts[last_script] += run;
                    last_terminal = 0;
                    previous_terminal = 0;
                } else if (b == 0x20) {
                    spaces++;
                    core_space |= cp > 0;
                    if (in_word) END_WORD();
                    if (previous_terminal) sentence_marks++;
                    previous_terminal = 0;
                    i++;
                } else if (b > 0x20 && b < 0x7F) {
                    // Printable ASCII other than letters (digits, punctuation, symbols), as the general path
                    // takes it within a run: Common script, so it counts for the run's script. The colon
                    // after Armenian and the semicolon after Greek, stand-ins for those scripts' terminals,
                    // are left to the general path. Folds to itself.
                    if ((b == 0x3A || b == 0x3B) && last_script != latin) break;
                    uint8_t k = table_classes[b];
                    characters++;
                    script_counts[last_script]++;
                    if (core_on && cp > 0) {
                        core[cp] = 0x20;
                        cp += core_space;
                        core_space = 0;
                        core[cp++] = b;
                    }
                    i++;
                    if ((k & CICU_DIGIT) || b == 0x5F) {
                        if (k & CICU_DIGIT) digits++;
                        WORD_CHAR_STEP(k);
                        hash = (hash ^ b) * (0x100000001b3ULL * 0x100000001b3ULL);
                        last_terminal = 0;
                        previous_terminal = 0;
                        continue;
                    }
                    int consumed = 0;
                    if (in_word && !joiner) {
                        int mid_letter = b == 0x27 || b == 0x2E || b == 0x3A;
                        int mid_num = b == 0x2C || b == 0x3B || b == 0x2E || b == 0x27;
                        if ((mid_letter && !word_is_digits) || (mid_num && word_is_digits)) { joiner = b; consumed = 1; }
                    }
                    if (!consumed && in_word) END_WORD();
                    if (k & CICU_PUNCTUATION) punctuation++; else if (k & CICU_SYMBOL) symbols++;
                    if (k & CICU_SENTENCE_TERMINAL) {
                        previous_terminal = 1;
                        last_terminal = 1;
                    } else if (!(k & CICU_CLOSING)) {
                        previous_terminal = 0;
                        last_terminal = 0;
                    }
                } else if (b >= 0xC2 && b < 0xF0) {
                    // Letters of the run's own script in the BMP beyond ASCII (Greek, Cyrillic, Han, kana,
                    // accented Latin...) that fold to themselves, as the general path takes them: a
                    // character and a letter of the run's script (counted before, so already touched; no
                    // Common characters pending), wide in a script written without spaces, a word character
                    // hashed by its lower case, and its own bytes into the core text. Anything else (another
                    // script, not a letter, a fold of its own, the Hebrew and Arabic range with its optional
                    // marks, malformed UTF-8) goes to the general path.
                    int64_t len;
                    uint32_t c;
                    if (b < 0xE0) {
                        if (i + 1 >= n || (text[i + 1] & 0xC0) != 0x80) break;
                        c = ((uint32_t)(b & 0x1F) << 6) | (text[i + 1] & 0x3F);
                        len = 2;
                    } else {
                        if (i + 2 >= n || (text[i + 1] & 0xC0) != 0x80 || (text[i + 2] & 0xC0) != 0x80) break;
                        c = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
                        if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) break;
                        len = 3;
                    }
                    uint8_t k = table_classes[c];
                    if (!(k & CICU_LETTER) || table_scripts[c] != last_script || c - 0x0591u <= 0x06EDu - 0x0591u) break;
                    if (core_on) {
                        if (!((folder->identity[c >> 6] >> (c & 63)) & 1)) break;
                        core[cp] = 0x20;
                        cp += core_space;
                        core_space = 0;
                        for (int64_t j = 0; j < len; j++) core[cp++] = text[i + j];
                        core_end = cp;
                    }
                    i += len;
                    characters++;
                    letters++;
                    script_counts[last_script]++;
                    wide += dictionary_run;
                    WORD_CHAR_STEP(k);
                    hash = cicu_word_hash_step(hash, table_lower[c]);
                    last_terminal = 0;
                    previous_terminal = 0;
                } else {
                    break;
                }
            }
            if (i == n) break;
        }
        uint8_t b0 = text[i];
        uint32_t c;
        // For the core text, the same refusals as next_bmp_scalar (core_by_table leaves such text to ICU):
        // malformed or overlong sequences, surrogates, scalars beyond the BMP.
        if (b0 < 0x80) { c = b0; i += 1; }
        else if (b0 < 0xE0) {
            if (core_on && !(b0 >= 0xC2 && i + 1 < n && (text[i + 1] & 0xC0) == 0x80)) core_on = 0;
            c = ((uint32_t)(b0 & 0x1F) << 6) | (text[i + 1] & 0x3F); i += 2;
        } else if (b0 < 0xF0) {
            if (core_on && !(i + 2 < n && (text[i + 1] & 0xC0) == 0x80 && (text[i + 2] & 0xC0) == 0x80)) core_on = 0;
            c = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F); i += 3;
            if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) core_on = 0;
        } else {
            core_on = 0;
            c = ((uint32_t)(b0 & 0x07) << 18) | ((uint32_t)(text[i + 1] & 0x3F) << 12) | ((uint32_t)(text[i + 2] & 0x3F) << 6) | (text[i + 3] & 0x3F); i += 4;
        }
        uint8_t k;
        int32_t script;
        if (c < 0x10000) { k = table_classes[c]; script = table_scripts[c]; }
        else { k = compute_class((UChar32)c); script = script_or_common((UChar32)c); }
        if (!core_on) {
        } else if (c < 0x80) {
            // ASCII folds by table to its lower case, with the class it has (ASCII letters are letters in
            // either case).
            uint8_t byte = (uint8_t)(c - 'A' < 26 ? c | 0x20 : c);
            if (k & CICU_SPACE) {
                if (cp > 0) core_space = 1;
            } else {
                int letter = (k & CICU_LETTER) != 0;
                if (cp > 0 || letter) {
                    core[cp] = 0x20;
                    cp += core_space;
                    core_space = 0;
                    core[cp++] = byte;
                    if (letter) core_end = cp;
                }
            }
        } else if (c - 0x0591u > 0x06EDu - 0x0591u || !is_optional_mark(c)) {
            // Core text, as core_by_table steps: the scalar's fold (itself, mostly) by its class.
            if ((folder->identity[c >> 6] >> (c & 63)) & 1) {
                int64_t len = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                SCAN_CORE_STEP(k, text + i - len, len);
            } else {
                uint32_t entry = folder->table[c];
                if (!(entry & FOLD_KNOWN)) entry = learn_fold(folder, c);
                int64_t len = entry & 0xFF;
                // Room for a pending space and the fold, and one byte for each byte of input left.
                if (!(entry & FOLD_BY_TABLE) || cp + 1 + len + (n - i) + 1 > core_capacity) {
                    core_on = 0;
                } else {
                    const uint8_t *fold = folder->pool + ((entry >> 8) & 0x3FFFFF);
                    uint16_t info = folder->fold_info[c];
                    CORE_FOLD(info, fold, len, SCAN_CORE_STEP);
                }
            }
        }
        if (k & CICU_SPACE) {
            spaces++;
            if (in_word) END_WORD();
            if (previous_terminal) sentence_marks++;
            previous_terminal = 0;
            continue;
        }
        characters++;
        // Script profile: Common (0) and Inherited (1) characters take the script of their context.
        if (script > 1) {
            if (script_counts[script] == 0) { touched[touched[256]++] = script; }
            script_counts[script] += 1 + pending_common;
            pending_common = 0;
            last_script = script;
            if (table_dictionary[script]) { uses_dictionary = 1; wide++; }
        } else if (last_script >= 0) {
            script_counts[last_script]++;
        } else {
            pending_common++;
        }
        int word_char = (k & (CICU_LETTER | CICU_DIGIT)) || ((k & CICU_MARK) && in_word) || c == 0x5F;
        if (word_char) {
            if (k & CICU_LETTER) letters++; else if (k & CICU_DIGIT) digits++;
            WORD_CHAR_STEP(k);
            uint32_t l = c < 0x10000 ? table_lower[c] : (uint32_t)u_tolower((UChar32)c);
            hash = cicu_word_hash_step(hash, l);
            last_terminal = 0;
            previous_terminal = 0;
            continue;
        }
        // Punctuation inside a word (UAX #29 MidLetter, MidNum, MidNumLet) does not end it.
        int consumed = 0;
        if (in_word && !joiner) {
            int mid_letter = c == 0x27 || c == 0x2019 || c == 0x2E || c == 0x3A || c == 0xB7 || c == 0x2027;
            int mid_num = c == 0x2C || c == 0x3B || c == 0x2E || c == 0x27 || c == 0x66C;
            if ((mid_letter && !word_is_digits) || (mid_num && word_is_digits)) { joiner = c; consumed = 1; }
        }
        if (!consumed && in_word) END_WORD();
        if (k & CICU_PUNCTUATION) punctuation++; else if (k & CICU_SYMBOL) symbols++;
        // Typed in place of their script's own marks, an ASCII colon after Armenian (for the full stop
        // U+0589) and an ASCII semicolon after Greek (the question mark, of which U+037E is the canonical
        // twin) end a sentence.
        if ((c == 0x3A && last_script == USCRIPT_ARMENIAN) || (c == 0x3B && last_script == USCRIPT_GREEK)) k |= CICU_SENTENCE_TERMINAL;
        if (k & CICU_SENTENCE_TERMINAL) {
            // Ideographic and other full-width terminals close a sentence wherever they stand.
            if (c >= 0x3000) { sentence_marks++; previous_terminal = 0; } else previous_terminal = 1;
            last_terminal = 1;
        } else if (k & CICU_CLOSING) {
            // Closing quotes and brackets keep what came before them.
        } else {
            previous_terminal = 0;
            last_terminal = 0;
        }
    }
    if (in_word) END_WORD();
#undef END_WORD
    if (characters > 0 && pending_common > 0 && touched[256] == 0) {
        // Only Common characters: they stay Common.
        touched[touched[256]++] = 0;
        script_counts[0] = pending_common;
    }
    if (previous_terminal) sentence_marks++;
    f->characters = characters; f->letters = letters; f->digits = digits; f->punctuation = punctuation;
    f->symbols = symbols; f->spaces = spaces; f->words = words; f->sentence_marks = sentence_marks;
    f->wide = wide; f->uses_dictionary = uses_dictionary; f->languages = languages;
    f->ends_with_terminal = last_terminal;
    if (core_length) *core_length = core_on ? core_end : -1;
    if (hit_count) *hit_count = hits;
}
#undef SCAN_CORE_STEP
#undef WORD_CHAR_STEP
#undef CORE_FOLD

void cicu_scan_block(const uint8_t *text, int64_t n, cicu_block_counts *f,
                     int32_t *script_counts, int32_t *touched,
                     const uint64_t *stop_keys, const uint64_t *stop_masks, int64_t stop_size,
                     const uint64_t *stop_filter, int32_t *lang_counts, int32_t lang_count) {
    cicu_scan_block_core(text, n, f, script_counts, touched, stop_keys, stop_masks, stop_size, stop_filter,
                         lang_counts, lang_count, NULL, NULL, 0, NULL, NULL, NULL);
}


const uint8_t *cicu_folder_core_text(cicu_folder *f, const uint8_t *text, int64_t length, int64_t *core_length) {
    *core_length = 0;
    int64_t i = 0;
    while (i + 8 <= length) {
        uint64_t word;
        memcpy(&word, text + i, 8);
        if (word & 0x8080808080808080ULL) break;
        i += 8;
    }
    while (i < length && text[i] < 0x80) i++;
    if (i == length) {
        if (!reserve(&f->core, &f->coreCapacity, length)) return NULL;
        *core_length = ascii_core(text, length, f->core);
        return f->core;
    }
    if (length <= INT32_MAX / 4) {
        pthread_once(&tables_once, build_tables);
        int64_t produced = core_by_table(f, text, length);
        if (produced == -1) return NULL;
        if (produced >= 0) {
            *core_length = produced;
            return f->core;
        }
    }
    const uint8_t *folded = text;
    int64_t n = cicu_folder_fold_utf8(f, text, length, f->foldedBytes, f->foldedBytesCapacity);
    if (n > f->foldedBytesCapacity) {
        if (!reserve(&f->foldedBytes, &f->foldedBytesCapacity, n)) return NULL;
        n = cicu_folder_fold_utf8(f, text, length, f->foldedBytes, f->foldedBytesCapacity);
    }
    if (n >= 0 && n <= f->foldedBytesCapacity) folded = f->foldedBytes; else n = length;   // unfoldable: as it is
    if (!reserve(&f->core, &f->coreCapacity, n)) return NULL;
    *core_length = cicu_core_of_folded(folded, n, f->core);
    return f->core;
}

const uint8_t *cicu_folder_core_prefix(cicu_folder *f, const uint8_t *text, int64_t length, int64_t min_core, int64_t *core_length) {
    // Cut the text at a scalar boundary some way past what min_core bytes of core text need (leading
    // non-letters and runs of white space take bytes without adding to the core).
    int64_t cut = 2 * min_core + 64;
    if (min_core < 0 || cut >= length || length > INT32_MAX / 4) return cicu_folder_core_text(f, text, length, core_length);
    while (cut < length && (text[cut] & 0xC0) == 0x80) cut++;
    if (cut >= length) return cicu_folder_core_text(f, text, length, core_length);
    // The scalar after the cut must start a normalisation segment (folded by table), so that the fold
    // of the text is the fold of the part before the cut followed by the fold of the rest.
    pthread_once(&tables_once, build_tables);
    if (text[cut] >= 0x80) {
        int64_t at = cut;
        uint32_t c;
        if (!next_bmp_scalar(text, length, &at, &c)) return cicu_folder_core_text(f, text, length, core_length);
        uint32_t entry = f->table[c];
        if (!(entry & FOLD_KNOWN)) entry = learn_fold(f, c);
        if (!(entry & FOLD_BY_TABLE)) return cicu_folder_core_text(f, text, length, core_length);
    }
    int ascii = 1;
    for (int64_t i = 0; i < cut; i++) if (text[i] >= 0x80) { ascii = 0; break; }
    int64_t produced;
    if (ascii) {
        if (!reserve(&f->core, &f->coreCapacity, cut)) return NULL;
        produced = ascii_core(text, cut, f->core);
    } else {
        produced = core_by_table(f, text, cut);
        if (produced == -1) return NULL;
    }
    if (produced < min_core) return cicu_folder_core_text(f, text, length, core_length);
    *core_length = produced;
    return f->core;
}

int32_t cicu_folder_folds_by_table(cicu_folder *f, int32_t c) {
    if (c < 0 || c > 0xFFFF) return 0;
    uint32_t entry = f->table[c];
    if (!(entry & FOLD_KNOWN)) entry = learn_fold(f, (uint32_t)c);
    return (entry & FOLD_BY_TABLE) ? 1 : 0;
}

// ---- Regular expressions ----------------------------------------------------------------------

struct cicu_regex {
    URegularExpression *re;
    // The text in UTF-16, which ICU matches about twice as fast as UTF-8 through a UText (ICU-NOTES).
    UChar *units;
    int32_t capacity;
};

cicu_regex *cicu_regex_open(const uint8_t *pattern, int64_t length, uint32_t flags, int32_t *error,
                            char *message, int32_t message_capacity, int32_t *error_offset) {
    UErrorCode status = U_ZERO_ERROR;
    *error_offset = -1;
    if (message_capacity > 0) message[0] = 0;
    if (length > INT32_MAX / 4) { *error = U_ILLEGAL_ARGUMENT_ERROR; return NULL; }
    int32_t units = 0;
    UChar *buffer = malloc(((size_t)length + 1) * sizeof(UChar));
    if (!buffer) { *error = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    u_strFromUTF8(buffer, (int32_t)length + 1, &units, (const char *)pattern, (int32_t)length, &status);
    if (U_FAILURE(status)) {
        free(buffer);
        *error = (int32_t)status;
        if (message_capacity > 0) strncpy(message, "pattern is not valid UTF-8", (size_t)message_capacity - 1);
        return NULL;
    }
    UParseError pe;
    memset(&pe, 0, sizeof pe);
    URegularExpression *re = uregex_open(buffer, units, flags, &pe, &status);
    free(buffer);
    *error = (int32_t)status;
    if (U_FAILURE(status)) {
        if (message_capacity > 0) {
            strncpy(message, u_errorName(status), (size_t)message_capacity - 1);
            message[message_capacity - 1] = 0;
        }
        *error_offset = pe.offset;
        return NULL;
    }
    cicu_regex *r = calloc(1, sizeof *r);
    if (!r) { uregex_close(re); *error = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    r->re = re;
    return r;
}

cicu_regex *cicu_regex_clone(const cicu_regex *regex, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *re = uregex_clone(regex->re, &status);
    *error = (int32_t)status;
    if (U_FAILURE(status)) return NULL;
    cicu_regex *r = calloc(1, sizeof *r);
    if (!r) { uregex_close(re); *error = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    r->re = re;
    return r;
}

void cicu_regex_close(cicu_regex *r) {
    if (!r) return;
    uregex_close(r->re);
    free(r->units);
    free(r);
}

void cicu_regex_set_time_limit(cicu_regex *r, int32_t limit) {
    UErrorCode status = U_ZERO_ERROR;
    uregex_setTimeLimit(r->re, limit, &status);
}

// Byte offset in UTF-8 text of a UTF-16 offset into its conversion (valid UTF-8: a 4-byte sequence is
// two UTF-16 units, any shorter one is one).
static int64_t utf8_offset(const uint8_t *text, int64_t length, int64_t units) {
    int64_t i = 0, u = 0;
    while (u < units && i < length) {
        uint8_t b0 = text[i];
        if (b0 < 0x80) { i += 1; u += 1; }
        else if (b0 < 0xE0) { i += 2; u += 1; }
        else if (b0 < 0xF0) { i += 3; u += 1; }
        else { i += 4; u += 2; }
    }
    return i;
}

// The same search on the text converted to UTF-16; -3 when the text is not converted exactly (too long,
// out of memory, or not valid UTF-8), and the caller searches the UTF-8 text itself.
static int32_t find_utf16(cicu_regex *r, const uint8_t *text, int64_t length, int64_t *match_start, int64_t *match_end) {
    if (length > INT32_MAX / 2) return -3;
    int32_t needed = (int32_t)length + 1;
    if (r->capacity < needed) {
        int32_t size = needed < 256 ? 256 : needed;
        UChar *fresh = realloc(r->units, (size_t)size * sizeof(UChar));
        if (!fresh) return -3;
        r->units = fresh;
        r->capacity = size;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t units = 0, substitutions = 0;
    // ASCII text (most lines a pattern is asked about) widened byte by byte: the same UTF-16 units that
    // u_strFromUTF8WithSub writes, terminator included, at a fraction of its cost per call.
    int32_t ascii = 0;
    while (ascii < (int32_t)length && text[ascii] < 0x80) { r->units[ascii] = text[ascii]; ascii++; }
    if (ascii == (int32_t)length) {
        units = (int32_t)length;
        r->units[units] = 0;
    } else {
        u_strFromUTF8WithSub(r->units, r->capacity, &units, (const char *)text, (int32_t)length, 0xFFFD, &substitutions, &status);
        if (U_FAILURE(status) || substitutions > 0 || units > r->capacity) return -3;
    }
    uregex_setText(r->re, r->units, units, &status);
    if (U_FAILURE(status)) return -3;
    UBool found = uregex_find(r->re, 0, &status);
    if (status == U_REGEX_TIME_OUT) return -2;
    if (U_FAILURE(status)) return -1;
    if (!found) return 0;
    UErrorCode s2 = U_ZERO_ERROR;
    int32_t start = uregex_start(r->re, 0, &s2), end = uregex_end(r->re, 0, &s2);
    int64_t byteStart = utf8_offset(text, length, start);
    if (match_start) *match_start = byteStart;
    if (match_end) *match_end = byteStart + utf8_offset(text + byteStart, length - byteStart, end - start);
    return 1;
}

int32_t cicu_regex_find_utf8(cicu_regex *r, const uint8_t *text, int64_t length, int64_t *match_start, int64_t *match_end) {
    int32_t converted = find_utf16(r, length > 0 ? text : (const uint8_t *)"", length, match_start, match_end);
    if (converted != -3) return converted;
    UErrorCode status = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    static const uint8_t empty[1] = {0};
    utext_openUTF8(&ut, (const char *)(length > 0 ? text : empty), length, &status);
    if (U_FAILURE(status)) return -1;
    uregex_setUText(r->re, &ut, &status);
    if (U_FAILURE(status)) { utext_close(&ut); return -1; }
    UBool found = uregex_find64(r->re, 0, &status);
    int32_t result;
    if (status == U_REGEX_TIME_OUT) {
        result = -2;
    } else if (U_FAILURE(status)) {
        result = -1;
    } else if (found) {
        UErrorCode s2 = U_ZERO_ERROR;
        if (match_start) *match_start = uregex_start64(r->re, 0, &s2);
        if (match_end) *match_end = uregex_end64(r->re, 0, &s2);
        result = 1;
    } else {
        result = 0;
    }
    // Detach the matcher from the caller's bytes before they go away.
    UErrorCode s3 = U_ZERO_ERROR;
    static const UChar nothing[1] = {0};
    uregex_setText(r->re, nothing, 0, &s3);
    utext_close(&ut);
    return result;
}

// ---- Encodings --------------------------------------------------------------------------------

int32_t cicu_detect_charset(const uint8_t *bytes, int64_t length, char *name, int32_t name_capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *csd = ucsdet_open(&status);
    if (U_FAILURE(status)) return -1;
    int32_t sample = length > (1 << 20) ? (1 << 20) : (int32_t)length;
    ucsdet_setText(csd, (const char *)bytes, sample, &status);
    const UCharsetMatch *match = ucsdet_detect(csd, &status);
    int32_t confidence = -1;
    if (U_SUCCESS(status) && match) {
        const char *n = ucsdet_getName(match, &status);
        confidence = ucsdet_getConfidence(match, &status);
        if (U_SUCCESS(status) && n && name_capacity > 0) {
            strncpy(name, n, (size_t)name_capacity - 1);
            name[name_capacity - 1] = 0;
        } else {
            confidence = -1;
        }
    }
    ucsdet_close(csd);
    return confidence;
}

int32_t cicu_charset_known(const char *name) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *c = ucnv_open(name, &status);
    if (U_FAILURE(status) || !c) return 0;
    ucnv_close(c);
    return 1;
}

static void U_CALLCONV count_and_substitute(const void *context, UConverterToUnicodeArgs *args,
                                            const char *codeUnits, int32_t length,
                                            UConverterCallbackReason reason, UErrorCode *err) {
    (void)codeUnits; (void)length;
    if (reason > UCNV_IRREGULAR) return;   // reset, close, clone: nothing to do
    int64_t *count = (int64_t *)context;
    (*count)++;
    static const UChar replacement[1] = {0xFFFD};
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, replacement, 1, 0, err);
}

// Runs bytes from one converter to another, counting the output even past `capacity` so the caller can
// retry with the size it needs.
static int64_t pump(UConverter *target, UConverter *source, const uint8_t *bytes, int64_t length,
                    uint8_t *out, int64_t capacity, UErrorCode *status) {
    int64_t produced = 0;
    const char *src = (const char *)bytes;
    const char *srcLimit = src + length;
    UChar pivot[4096];
    UChar *pivotSource = pivot, *pivotTarget = pivot;
    char scratch[16384];
    UBool reset = 1;
    for (;;) {
        char *dst = scratch;
        *status = U_ZERO_ERROR;
        ucnv_convertEx(target, source, &dst, scratch + sizeof scratch, &src, srcLimit,
                       pivot, &pivotSource, &pivotTarget, pivot + 4096, reset, 1, status);
        reset = 0;
        int64_t n = dst - scratch;
        if (produced + n <= capacity) memcpy(out + produced, scratch, (size_t)n);
        produced += n;
        if (*status == U_BUFFER_OVERFLOW_ERROR) continue;
        return produced;
    }
}

int64_t cicu_convert_to_utf8(const char *charset, const uint8_t *bytes, int64_t length,
                             uint8_t *out, int64_t capacity, int64_t *substitutions) {
    UErrorCode status = U_ZERO_ERROR;
    *substitutions = 0;
    UConverter *source = ucnv_open(charset, &status);
    if (U_FAILURE(status)) return -1;
    UConverter *target = ucnv_open("UTF-8", &status);
    if (U_FAILURE(status)) { ucnv_close(source); return -1; }
    ucnv_setToUCallBack(source, count_and_substitute, substitutions, NULL, NULL, &status);
    if (U_FAILURE(status)) { ucnv_close(source); ucnv_close(target); return -1; }
    int64_t produced = pump(target, source, bytes, length, out, capacity, &status);
    ucnv_close(source);
    ucnv_close(target);
    return U_FAILURE(status) ? -1 : produced;
}

int64_t cicu_convert_from_utf8(const char *charset, const uint8_t *bytes, int64_t length,
                               uint8_t *out, int64_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *source = ucnv_open("UTF-8", &status);
    if (U_FAILURE(status)) return -1;
    UConverter *target = ucnv_open(charset, &status);
    if (U_FAILURE(status)) { ucnv_close(source); return -1; }
    int64_t produced = pump(target, source, bytes, length, out, capacity, &status);
    ucnv_close(source);
    ucnv_close(target);
    return U_FAILURE(status) ? -1 : produced;
}

// ---- The process's allocator ----------------------------------------------------------------

int32_t cicu_keep_heap(int32_t limit) {
#if defined(__GLIBC__)
    static const char *const tuned[] = {
        "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_", "GLIBC_TUNABLES"
    };
    for (size_t i = 0; i < sizeof tuned / sizeof tuned[0]; i++) {
        if (getenv(tuned[i]) != NULL) return 0;
    }
    return mallopt(M_MMAP_THRESHOLD, limit) == 1 && mallopt(M_TRIM_THRESHOLD, limit) == 1;
#else
    (void)limit;
    return 0;
#endif
}
