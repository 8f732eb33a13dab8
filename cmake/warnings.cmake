set(HK_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wno-missing-field-initializers)
if(HK_WERROR)
  list(APPEND HK_WARNINGS -Werror)
endif()
