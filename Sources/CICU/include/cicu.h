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
// ICU's Changes_When_Casefolded (1 or 0), each BMP answer asked of ICU once per process and kept.
int32_t cicu_changes_when_casefolded(int32_t codepoint);
int32_t cicu_script_code_limit(void);
const char *cicu_script_short_name(int32_t script);        // "Latn", NULL if unknown
const char *cicu_script_long_name(int32_t script);         // "Latin", NULL if unknown
int32_t cicu_script_from_name(const char *name);           // -1 if unknown (long or short name)
const char *cicu_version(void);                            // "72.1"

// ---- Character tables and the block scanner ---------------------------------------------------
// Bits of a character's class, as the Swift CharacterClass option set has them.
enum {
    CICU_LETTER = 1, CICU_DIGIT = 2, CICU_PUNCTUATION = 4, CICU_SYMBOL = 8, CICU_SPACE = 16,
    CICU_SENTENCE_TERMINAL = 32, CICU_MARK = 64, CICU_CLOSING = 128
};
// Tables for the BMP, built once (thread-safe): script code, class bits, simple lower case; and for
// each script code below 256 whether it needs dictionary word segmentation.
const uint8_t *cicu_table_scripts(void);
const uint8_t *cicu_table_classes(void);
const uint16_t *cicu_table_lower(void);
const uint8_t *cicu_table_dictionary_scripts(void);
uint8_t cicu_class_of(int32_t codepoint);
int32_t cicu_script_of(int32_t codepoint);

// What the scanner measures on one line.
typedef struct {
    int32_t characters, letters, digits, punctuation, symbols, spaces, words, sentence_marks;
    int32_t wide;               // characters of scripts written without spaces
    int32_t ends_with_terminal; // last non-space, non-closing character is sentence-terminal
    int32_t uses_dictionary;
    uint64_t languages;         // bit l set when lang_counts[l] was incremented
} cicu_block_counts;

// Scans one line of valid UTF-8: character classes, words (UAX #29-style letter/digit runs with
// word-internal punctuation), sentence marks, characters per script with Common/Inherited resolved to
// their context (script_counts[256], zeroed by the caller for the scripts listed in touched[0..touched[256]);
// the scanner appends newly seen scripts there), stop-word hits per language (lang_counts, lang_count
// entries, from an open-addressing table of word hashes: stop_keys/stop_masks of stop_size entries, a
// power of two; stop_keys may be NULL). stop_filter (512 words, 2^15 bits) has the bit hash >> 49 set for
// every key in the table: a word whose bit is clear is not looked up.
void cicu_scan_block(const uint8_t *text, int64_t length, cicu_block_counts *out,
                     int32_t *script_counts, int32_t *touched,
                     const uint64_t *stop_keys, const uint64_t *stop_masks, int64_t stop_size,
                     const uint64_t *stop_filter,
                     int32_t *lang_counts, int32_t lang_count);
// The word hash the scanner uses, for building stop-word tables: FNV-1a over lower-cased scalars.
uint64_t cicu_word_hash_step(uint64_t hash, uint32_t scalar);

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
// useful is written and the caller retries with a buffer of that size. -1 on error. Text whose scalars
// all start a normalisation segment is folded from a per-folder table of ICU's folds, other text by ICU.
int64_t cicu_folder_fold_utf8(cicu_folder *folder, const uint8_t *text, int64_t length,
                              uint8_t *out, int64_t capacity);
// The same, always by ICU: the reference the table is tested against.
int64_t cicu_folder_fold_utf8_by_icu(cicu_folder *folder, const uint8_t *text, int64_t length,
                                     uint8_t *out, int64_t capacity);
// 1 when text made of this scalar (and others like it) is folded by the table.
int32_t cicu_folder_folds_by_table(cicu_folder *folder, int32_t codepoint);
// The core text phrases are matched against: the NFKC_Casefold of UTF-8 text without the non-letters
// (other than marks) at its ends, inner white space runs collapsed to one space. Returns it in a buffer
// of the folder's, valid until the next call, and its length in *core_length; NULL if out of memory.
const uint8_t *cicu_folder_core_text(cicu_folder *folder, const uint8_t *text, int64_t length, int64_t *core_length);
// The first bytes of that core text, at least min_core of them (or all of it when it is shorter): the core
// of a leading part of the text cut where the fold of the whole text continues it unchanged. For checks
// that read only the start of the core (prefix phrases) on long text. Same buffer and lifetime.
const uint8_t *cicu_folder_core_prefix(cicu_folder *folder, const uint8_t *text, int64_t length, int64_t min_core, int64_t *core_length);
// The same for text that is already folded: out must have room for length bytes.
int64_t cicu_core_of_folded(const uint8_t *folded, int64_t length, uint8_t *out);
// cicu_scan_block that also writes the line's phrase core text (as cicu_folder_core_text gives it) to
// core (core_capacity bytes, at least length + 2) and its length to *core_length, or -1 there when some
// scalar is not folded by table (the core text is then left to cicu_folder_core_text).
// With hit_masks (room for one entry per byte of text), each stop-word hit's language mask is written
// there in word order and counted in *hit_count, instead of being counted in lang_counts.
void cicu_scan_block_core(const uint8_t *text, int64_t length, cicu_block_counts *out,
                          int32_t *script_counts, int32_t *touched,
                          const uint64_t *stop_keys, const uint64_t *stop_masks, int64_t stop_size,
                          const uint64_t *stop_filter, int32_t *lang_counts, int32_t lang_count,
                          cicu_folder *folder, uint8_t *core, int64_t core_capacity, int64_t *core_length,
                          uint64_t *hit_masks, int64_t *hit_count);

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

// ---- The process's allocator ----------------------------------------------------------------
// glibc: buffers up to `limit` bytes come from the heap, and up to `limit` bytes of free heap top stay
// with the process (see AllocatorSettings in BoilercleanText). Returns 1 when set; 0 when left alone:
// another C library, or malloc tuned through the environment (MALLOC_*_ or GLIBC_TUNABLES).
int32_t cicu_keep_heap(int32_t limit);

#ifdef __cplusplus
}
#endif
#endif
