#!/usr/bin/env python3
"""How much of a language's running text its stop-word list covers: the summed word frequencies
(wordfreq, `pip install wordfreq`) of the words in Rules/stopwords/<lang>.txt.

    scripts/stopword-coverage.py [LANG ...]     # default: every list

A list that covers little of running text (languages whose articles, prepositions and case endings are
affixes) gives prose a low stop-word density; `page.sentence-few-stopwords` names the languages under 30%.
Languages wordfreq has no list for (or needs a tokenizer for: ja, ko, th) are reported as such.
"""
import os, sys

import wordfreq

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Rules", "stopwords")
langs = sys.argv[1:] or sorted(f[:-4] for f in os.listdir(ROOT) if f.endswith(".txt"))
for lang in langs:
    words = {w.strip() for w in open(os.path.join(ROOT, lang + ".txt"), encoding="utf-8")
             if w.strip() and not w.startswith("#")}
    try:
        coverage = sum(wordfreq.word_frequency(w, lang) for w in words)
    except Exception as e:  # no word list, or a tokenizer wordfreq lacks here
        print(f"{lang}\t{len(words)} words\tnot measured ({type(e).__name__})")
        continue
    print(f"{lang}\t{len(words)} words\t{coverage:.0%} of running text")
