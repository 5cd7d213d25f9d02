# One INTERFACE target carries the warning flags and Qt strictness defines; every
# target of the project links it.
add_library(proclab_warnings INTERFACE)
target_compile_options(proclab_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
                       -Wimplicit-fallthrough)
if(PROCLAB_WERROR)
    target_compile_options(proclab_warnings INTERFACE -Werror)
endif()
target_compile_definitions(proclab_warnings INTERFACE QT_NO_CAST_FROM_ASCII
                           QT_NO_CONTEXTLESS_CONNECT QT_USE_QSTRINGBUILDER QT_NO_KEYWORDS)
