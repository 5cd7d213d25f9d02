// Every lesson, in the order the lesson browser lists them.
#include "scenarios/lesson.h"
#include "scenarios/tickets/tickets.h"

namespace proclab::scenarios {

const std::vector<Lesson>& allLessons() {
    static const std::vector<Lesson> lessons = {
        tickets::lesson(),
    };
    return lessons;
}

} // namespace proclab::scenarios
