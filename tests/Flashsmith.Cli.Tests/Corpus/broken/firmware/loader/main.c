int efi_main(void) { return 0; }
