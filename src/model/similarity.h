// String similarity for screening names: the Jaro-Winkler score that name-screening tools use to
// report a possible match for review (docs/entities.md, "Possible matches").
#ifndef EXPORTCTL_MODEL_SIMILARITY_H_
#define EXPORTCTL_MODEL_SIMILARITY_H_

#include <string_view>

namespace exportctl::internal {

// The Jaro-Winkler similarity of `a` and `b`, in [0, 1] (1: equal; 0: nothing in common), over
// bytes, with the usual prefix scale 0.1 over at most four common leading bytes. Names longer than
// 255 bytes are compared on their first 255.
double JaroWinkler(std::string_view a, std::string_view b);

// The possible-match score of two normalized names (words separated by single spaces):
// Jaro-Winkler over what follows the whole words they begin with alike ("example cloud" and
// "example oil" compare "cloud" with "oil"), so that a long shared first word does not make unlike
// names look alike; over the whole names when they share no whole word at the start or one of
// them has nothing after it.
double NameScore(std::string_view a, std::string_view b);

}  // namespace exportctl::internal

#endif  // EXPORTCTL_MODEL_SIMILARITY_H_
