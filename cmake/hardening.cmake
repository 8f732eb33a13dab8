if(HK_HARDEN)
  add_compile_options(-D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE)
  add_link_options(-pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack)
endif()
