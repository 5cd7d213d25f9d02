# Sanitizers apply to the whole build so that libraries and tests agree.
if(PROCLAB_SANITIZE STREQUAL "address-undefined")
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
elseif(PROCLAB_SANITIZE STREQUAL "thread")
    # -Wno-tsan: GCC warns that TSan does not model atomic_thread_fence. The
    # fences order the arena's seqlocks between processes, which TSan cannot see.
    add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
    add_link_options(-fsanitize=thread)
elseif(NOT PROCLAB_SANITIZE STREQUAL "")
    message(FATAL_ERROR "PROCLAB_SANITIZE must be empty, address-undefined or thread")
endif()
