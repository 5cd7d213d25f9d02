# Run as a script: writes OUTPUT, a C++ file defining
#   std::string_view proclab::scenarios::embedded::<NAME>
# holding the text of INPUT, so that a lesson ships its own source.
file(READ "${INPUT}" text)
set(delimiter "PROCLAB_SOURCE")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp"
     "// Generated from ${INPUT}; do not edit.\n"
     "#include \"scenarios/embedded_sources.h\"\n"
     "namespace proclab::scenarios::embedded {\n"
     "const std::string_view ${NAME} = R\"${delimiter}(${text})${delimiter}\";\n"
     "}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
