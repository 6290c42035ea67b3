// A narrow C interface over the system ICU. Only plain C types cross it: ICU headers are included in
// cicu.c alone, so Swift modules that import Foundation (which carries its own ICU) can import this.
#ifndef BOILERCLEAN_CICU_H
#define BOILERCLEAN_CICU_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- Character properties -------------------------------------------------------------------
int32_t cicu_script(int32_t codepoint);                    // UScriptCode, USCRIPT_INVALID_CODE on error
int32_t cicu_script_extensions(int32_t codepoint, int32_t *out, int32_t capacity); // count, or -needed
int32_t cicu_char_type(int32_t codepoint);                 // UCharCategory
int32_t cicu_is_sentence_terminal(int32_t codepoint);      // Sentence_Terminal property
int32_t cicu_is_white_space(int32_t codepoint);            // White_Space property
int32_t cicu_to_lower(int32_t codepoint);
int32_t cicu_script_code_limit(void);
const char *cicu_script_short_name(int32_t script);        // "Latn", NULL if unknown
const char *cicu_script_long_name(int32_t script);         // "Latin", NULL if unknown
int32_t cicu_script_from_name(const char *name);           // -1 if unknown (long or short name)
const char *cicu_version(void);                            // "72.1"

// ---- Break iterators ------------------------------------------------------------------------
typedef struct cicu_breaker cicu_breaker;
enum { CICU_BREAK_WORD = 0, CICU_BREAK_SENTENCE = 1 };
cicu_breaker *cicu_breaker_open(int32_t kind, const char *locale, int32_t *error);
cicu_breaker *cicu_breaker_clone(const cicu_breaker *breaker, int32_t *error);
void cicu_breaker_close(cicu_breaker *breaker);
// Counts segments of UTF-8 text: for words, those with a word rule status (letters, numbers, kana,
// ideographs); for sentences, every segment that holds a non-space character. -1 on error.
int32_t cicu_breaker_count_utf8(cicu_breaker *breaker, const uint8_t *text, int64_t length);
// Word segments of UTF-8 text as byte offsets: starts[i]..ends[i] for word-like segments only.
// Returns the number found (at most capacity; more are not reported), -1 on error.
int32_t cicu_breaker_words_utf8(cicu_breaker *breaker, const uint8_t *text, int64_t length,
                                int32_t *starts, int32_t *ends, int32_t capacity);

// ---- Normalisation ----------------------------------------------------------------------------
typedef struct cicu_folder cicu_folder;
cicu_folder *cicu_folder_open(int32_t *error);
void cicu_folder_close(cicu_folder *folder);
// NFKC_Casefold of UTF-8 text into out. Returns the output length; if it exceeds capacity, nothing
// useful is written and the caller retries with a buffer of that size. -1 on error.
int64_t cicu_folder_fold_utf8(cicu_folder *folder, const uint8_t *text, int64_t length,
                              uint8_t *out, int64_t capacity);

// ---- Regular expressions ----------------------------------------------------------------------
typedef struct cicu_regex cicu_regex;
enum { CICU_REGEX_CASE_INSENSITIVE = 2 };   // UREGEX_CASE_INSENSITIVE
// On failure returns NULL, sets *error and writes a message and the 0-based UTF-16 offset of the problem.
cicu_regex *cicu_regex_open(const uint8_t *pattern, int64_t length, uint32_t flags, int32_t *error,
                            char *message, int32_t message_capacity, int32_t *error_offset);
cicu_regex *cicu_regex_clone(const cicu_regex *regex, int32_t *error);
void cicu_regex_close(cicu_regex *regex);
// Work limit in ICU "steps" (about milliseconds); 0 means none.
void cicu_regex_set_time_limit(cicu_regex *regex, int32_t limit);
// 1 found, 0 not found, -2 time limit hit, -1 other error. On a match, *match_start/*match_end
// receive byte offsets.
int32_t cicu_regex_find_utf8(cicu_regex *regex, const uint8_t *text, int64_t length,
                             int64_t *match_start, int64_t *match_end);

// ---- Encodings --------------------------------------------------------------------------------
// Best charset guess for bytes: writes its name; returns confidence 0..100, or -1.
int32_t cicu_detect_charset(const uint8_t *bytes, int64_t length, char *name, int32_t name_capacity);
// 1 when ICU knows the converter name.
int32_t cicu_charset_known(const char *name);
// Converts bytes in charset to UTF-8; invalid sequences become U+FFFD and are counted in *substitutions.
// Returns the output length (retry with a larger buffer when > capacity), -1 on error.
int64_t cicu_convert_to_utf8(const char *charset, const uint8_t *bytes, int64_t length,
                             uint8_t *out, int64_t capacity, int64_t *substitutions);

// Converts UTF-8 to bytes in charset (for round-trip tests and re-encoding). Same return convention.
int64_t cicu_convert_from_utf8(const char *charset, const uint8_t *bytes, int64_t length,
                               uint8_t *out, int64_t capacity);

#ifdef __cplusplus
}
#endif
#endif
