if(HK_HARDEN)
  add_compile_options(-D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE)
  add_link_options(-pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack)
endif()
if(HK_HARDEN AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false -Wrestrict overlaps inside libstdc++'s std::string at -O2/-O3
  # with _FORTIFY_SOURCE (GCC bug 105329).
  add_compile_options(-Wno-restrict)
endif()
