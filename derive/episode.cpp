#include "derive/episode.h"

namespace dayzero::derive {

const char* episode_end_name(EpisodeEnd end) {
    switch (end) {
        case EpisodeEnd::kGap:
            return "gap";
        case EpisodeEnd::kWindowEnd:
            return "window_end";
        case EpisodeEnd::kDeath:
            return "death";
    }
    return "gap";
}

}  // namespace dayzero::derive
