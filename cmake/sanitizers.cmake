if(HK_SANITIZE)
  string(REPLACE ";" "," _hk_san "${HK_SANITIZE}")
  add_compile_options(-fsanitize=${_hk_san} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_hk_san})
endif()
if(HK_SANITIZE MATCHES "thread")
  # GCC 12 warns (-Wtsan) on Asio's atomic_thread_fence; TSan still checks it.
  add_compile_options(-Wno-tsan)
endif()
