/* Answer normalisation for fill-in exercises: case-fold, strip diacritics
 * (Latin-1, Latin Extended-A, combining marks, Arabic harakat and tatweel),
 * straighten quotes and collapse spaces, so "  Means " matches "means".
 * The folding itself lives in search_norm.c, shared with course search, so an
 * answer and a search query are folded the same way. */
#include "lectern/quiz.h"
#include "lectern/search.h"

char *lectern_quiz_normalize(const char *s)
{
    return lectern_search_normalize(s, NULL);
}
