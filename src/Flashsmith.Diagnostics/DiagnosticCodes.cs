namespace Flashsmith.Diagnostics;

/// <summary>
/// Every diagnostic code Flashsmith reports, with its explanation: the one home of the code table.
/// <c>flashsmith explain</c> prints from it and docs/diagnostics.md is written from it. Areas:
/// FS0xxx command line, FS1xxx recipe, FS2xxx layout, FS3xxx package, FS4xxx toolchain,
/// FS5xxx signing and verification, FS6xxx disk images and output folders, FS7xxx devices and
/// provisioning, FS8xxx size budgets, FS9xxx releases and reproduction.
/// </summary>
public static class DiagnosticCodes
{
    private static readonly List<DiagnosticCode> Table = [];

    // FS0xxx: the command line

    public static readonly DiagnosticCode Usage = Code(
        "FS0001", "wrong command-line arguments",
        "The arguments or options do not fit the verb: an unknown option, a missing value, or options that cannot be used together.",
        "flashsmith build --all --target dell-poweredge-r710",
        "Run 'flashsmith VERB --help' and give the arguments it lists.");

    public static readonly DiagnosticCode UnknownCode = Code(
        "FS0002", "unknown diagnostic code",
        "'flashsmith explain' was given a code that Flashsmith does not have.",
        "flashsmith explain FS9999",
        "Give a code from an error line, such as FS1005; docs/diagnostics.md lists them all.");

    public static readonly DiagnosticCode InputMissing = Code(
        "FS0003", "named file or folder does not exist",
        "A file or folder named on the command line (an image, a recipe, a units file, a log, a variable store) does not exist.",
        "flashsmith verify missing.img",
        "Check the path; build the image first if it is a build output.");

    public static readonly DiagnosticCode NoTerminal = Code(
        "FS0004", "no terminal to confirm on",
        "The verb overwrites something and asks first, but standard input is not a terminal.",
        "flashsmith provision IMAGE --device /dev/sdb --serial S1 < /dev/null",
        "Pass --yes to write without asking.");

    public static readonly DiagnosticCode BadEnvironment = Code(
        "FS0005", "bad environment variable",
        "An environment variable Flashsmith reads holds a value it cannot use.",
        "SOURCE_DATE_EPOCH=tomorrow flashsmith build --target dell-poweredge-r710",
        "Set the variable as the message says (SOURCE_DATE_EPOCH: whole seconds since 1970, from 1980 to 2107), or unset it.");

    public static readonly DiagnosticCode UnknownTarget = Code(
        "FS0006", "unknown target or no recipes folder",
        "--target names no recipe under recipes/oem, or there is no recipes folder to look in.",
        "flashsmith plan --target nope",
        "Run 'flashsmith targets' for the names, or run from the project folder (or pass --project DIR or --recipes DIR).");

    public static readonly DiagnosticCode ProjectExists = Code(
        "FS0007", "folder already holds a project",
        "'flashsmith init' writes a new project only where nothing of it is yet: the folder already holds recipes/, or another file or folder the new project would write (src/, a .gitignore, a README.md).",
        "flashsmith init   (in a project folder)",
        "Name a new or empty folder: 'flashsmith init NEWDIR'; to work in the project that is there, run its verbs instead.");

    public static readonly DiagnosticCode SampleMissing = Code(
        "FS0008", "sample project missing",
        "'flashsmith init' copies the sample project installed beside the tool (share/flashsmith/sample under its prefix, such as /usr/share/flashsmith/sample), or the checkout the tool was built in; neither is there.",
        "flashsmith init p   (after /usr/share/flashsmith was removed)",
        "Install the flashsmith package again (apt-get install --reinstall flashsmith), or run tools/flashsmith from a checkout.");

    // FS1xxx: recipes

    public static readonly DiagnosticCode RecipeUnreadable = Code(
        "FS1001", "recipe cannot be read",
        "The recipe file cannot be read: it does not exist, is not UTF-8 text, or is larger than 1 MiB.",
        "flashsmith validate recipes/missing.yaml",
        "Name an existing UTF-8 recipe file of at most 1 MiB.");

    public static readonly DiagnosticCode YamlSyntax = Code(
        "FS1002", "YAML syntax error",
        "The file is not valid YAML for a recipe: a syntax error, a second document, nesting that is too deep, an alias to no anchor, or a key that is not a plain name.",
        "product: {name: thinvisor",
        "Fix the YAML at the line and column given; a recipe is one YAML document of plain mappings, lists and values.");

    public static readonly DiagnosticCode RecipeEmpty = Code(
        "FS1003", "empty recipe",
        "The recipe holds nothing, or its top level is not a mapping.",
        "an empty file, or a file holding only '- a list'",
        "Give at least a 'product' section, or 'extends' naming a base recipe.");

    public static readonly DiagnosticCode DuplicateKey = Code(
        "FS1004", "duplicate key",
        "A mapping names the same key twice; YAML would silently keep one of them.",
        "product:\n  name: a\n  name: b",
        "Remove one of the two keys.");

    public static readonly DiagnosticCode UnknownKey = Code(
        "FS1005", "unknown key",
        "The recipe has a key the recipe schema does not know, often a misspelling.",
        "dirvers:\n  - name: e1000",
        "Use the key the message suggests; 'flashsmith schema' prints every key.");

    public static readonly DiagnosticCode WrongShape = Code(
        "FS1006", "value of the wrong kind",
        "A key holds a mapping where a single value is wanted, a list where a mapping is wanted, nothing, or a name that is not valid.",
        "layout:\n  flash: [32MiB]",
        "Give the kind of value the message names ('flashsmith schema' describes each key).");

    public static readonly DiagnosticCode BadValue = Code(
        "FS1007", "value does not parse",
        "A single value does not parse as what its key takes: a size, a version, a SHA-256, a PCI id, a file system, an acceptance level, a name.",
        "layout:\n  flash: 32 MB please",
        "Write the value in the form the message gives, such as 12MiB, 1.2.3, or 64 hex digits.");

    public static readonly DiagnosticCode MissingKey = Code(
        "FS1008", "missing required key",
        "A section lacks a key it must have.",
        "product:\n  version: 1.0.0     # no name",
        "Add the key the message names.");

    public static readonly DiagnosticCode ExtendsChain = Code(
        "FS1009", "'extends' cycle or chain too deep",
        "Recipes extend each other in a circle, or the chain of 'extends' is deeper than Flashsmith follows.",
        "a.yaml: extends: b.yaml   and   b.yaml: extends: a.yaml",
        "Make the chain end at a base recipe that extends nothing.");

    public static readonly DiagnosticCode PathOutsideProject = Code(
        "FS1010", "path leaves the project folder",
        "A path in the recipe leads outside the project folder (by '..' or a symbolic link), or its links form a loop; builds read only inside the project.",
        "core:\n  sources: ../../elsewhere",
        "Move the files into the project folder and name them relative to it.");

    public static readonly DiagnosticCode PathMissing = Code(
        "FS1011", "named path does not exist",
        "A path in the recipe names nothing, or a file where a folder is wanted (or the other way round).",
        "drivers:\n  - name: e1000\n    sources: src/firmware/drivers/nosuch",
        "Correct the path, relative to the project folder.");

    public static readonly DiagnosticCode DriverSource = Code(
        "FS1012", "driver source is unclear",
        "A driver gives both 'sources' and 'prebuilt', neither, a prebuilt module without its 'sha256', or a 'sha256' with sources.",
        "drivers:\n  - name: e1000\n    prebuilt: depot/e1000.efi     # no sha256",
        "Give 'sources' (a folder of C files), or 'prebuilt' with the module's 'sha256'.");

    public static readonly DiagnosticCode BelowAcceptance = Code(
        "FS1013", "driver below the minimum acceptance level",
        "A driver's 'acceptance' is lower than the target's 'min_acceptance'.",
        "min_acceptance: certified\ndrivers:\n  - name: e1000\n    acceptance: community",
        "Use a driver of a higher level, or lower the target's minimum.");

    public static readonly DiagnosticCode DuplicateName = Code(
        "FS1014", "duplicate name",
        "Two drivers, partitions or other named entries have the same name.",
        "layout:\n  partitions:\n    - name: esp\n    - name: esp",
        "Give each entry its own name.");

    public static readonly DiagnosticCode UnknownName = Code(
        "FS1015", "name refers to nothing",
        "A key names a group, component or partition that the recipe does not have.",
        "budget:\n  components:\n    nosuch: 64KiB",
        "Use a name the message lists, or remove the entry.");

    public static readonly DiagnosticCode MergeConflict = Code(
        "FS1016", "target does not fit its base",
        "A target's 'drivers' removes or replaces a driver its base does not have, or adds one the base already has.",
        "drivers:\n  remove: [nosuch]",
        "Remove or replace only drivers of the base; list new drivers under 'add'.");

    public static readonly DiagnosticCode PackagesWithoutDepot = Code(
        "FS1017", "packages without a depot",
        "The recipe asks for depot packages but names no depot folder.",
        "packages:\n  - e1000 >= 1.0     # and no 'depot'",
        "Name the depot folder with 'depot: DIR'.");

    public static readonly DiagnosticCode NoCSources = Code(
        "FS1018", "source folder holds no C or assembly file",
        "The core's, a driver's or a guest's 'sources' folder holds no .c or .S file, so there is nothing to compile.",
        "drivers:\n  - name: e1000\n    sources: src/firmware/drivers/empty",
        "Name the folder that holds the C sources, or add them.");

    public static readonly DiagnosticCode GuestMemory = Code(
        "FS1019", "guest memory out of range",
        "A guest's 'memory' is not a multiple of 4 KiB, or is below the 128 KiB a guest needs for its page tables, binary and stack, or above the 1 GiB the core maps for one guest.",
        "guests:\n  - name: hello\n    memory: 100KiB",
        "Give a multiple of 4 KiB from 128 KiB to 1 GiB, such as 1MiB.");

    public static readonly DiagnosticCode CoreSource = Code(
        "FS1020", "core source is unclear",
        "The core must be compiled from 'sources' or taken as it is from 'prebuilt', not both and not neither; a prebuilt core needs its 'sha256' and the 'loader' that starts it, and a compiled one takes no 'sha256'.",
        "core:\n  prebuilt: payload/xen.efi",
        "Give exactly one of 'sources' and 'prebuilt'; with 'prebuilt', add its 'sha256' (sha256sum prints it) and 'loader: src/firmware/loader'.");

    public static readonly DiagnosticCode FileSource = Code(
        "FS1021", "file source is unclear",
        "An entry of 'files' needs exactly one source: 'from' (a file, with its 'sha256'), 'text' (inline contents) or 'initramfs' (a folder to pack). 'sha256' pins only a 'from' file and 'add' belongs to an initramfs.",
        "files:\n  - name: kernel\n    version: 6.1\n    to: /vmlinuz\n    from: payload/vmlinuz",
        "Give one source; with 'from', add the file's 'sha256' (sha256sum prints it).");

    public static readonly DiagnosticCode FilePlacement = Code(
        "FS1022", "file cannot go where the recipe puts it",
        "A file's 'to' path is taken by another file, by something the builder writes itself (boot.cfg, the manifest, the core, a module, the seals), or lies inside another file's path; a path in the boot bank holds a space, which its manifest uses to separate fields; or its 'partition' is not a partition with a file system.",
        "files:\n  - name: cfg\n    version: 1\n    to: /boot.cfg\n    text: x",
        "Choose another path, or name a partition of the layout that has a file system.");

    public static readonly DiagnosticCode InitramfsUnpackable = Code(
        "FS1023", "initramfs cannot be packed",
        "An initramfs folder, or a file or folder it adds, cannot be packed: two entries take the same path, it holds a device, pipe or socket, an added file does not match its 'sha256', or it cannot be read.",
        "files:\n  - name: rootfs\n    version: 1\n    to: /initrd.gz\n    initramfs: rootfs\n    add:\n      - {from: payload/busybox, to: /init}",
        "Give each entry its own path and keep only files, folders and symbolic links in the folder.");

    // FS2xxx: the flash layout

    public static readonly DiagnosticCode FlashSize = Code(
        "FS2001", "flash size or alignment unusable",
        "'layout.flash' is under 1 MiB or not whole sectors, 'layout.alignment' is not whole sectors, or an MBR flash is over 2 TiB.",
        "layout:\n  flash: 1000",
        "Give a flash size of whole 512-byte sectors, at least 1MiB, and an alignment of whole sectors.");

    public static readonly DiagnosticCode PartitionAlignment = Code(
        "FS2002", "partition not aligned",
        "A partition starts at an offset that is not a multiple of the layout's alignment.",
        "layout:\n  alignment: 1MiB\n  partitions:\n    - name: esp\n      size: 100KiB\n    - name: bootbank ...",
        "Make the sizes before it multiples of the alignment, or lower 'layout.alignment'.");

    public static readonly DiagnosticCode PartitionOverlap = Code(
        "FS2003", "partitions overlap",
        "A partition starts inside the partition table or inside another partition.",
        "two partitions whose ranges share a sector",
        "Move or shrink the partitions so that each starts after the one before it ends.");

    public static readonly DiagnosticCode PartitionSize = Code(
        "FS2004", "partition size unusable",
        "A partition's size is zero or not whole sectors, 'rest' is not on the last partition, or no room is left for it.",
        "- name: bootbank\n  size: rest\n- name: unit\n  size: 1MiB",
        "Give whole-sector sizes; only the last partition may be 'rest'.");

    public static readonly DiagnosticCode PastFlashEnd = Code(
        "FS2005", "partition past the end of the flash",
        "The partitions add up to more than the flash holds, or the last one reaches the backup GPT.",
        "layout:\n  flash: 32MiB\n  partitions: [... sizes adding up to 40MiB ...]",
        "Shrink the partitions or make the flash larger.");

    public static readonly DiagnosticCode PartitionCount = Code(
        "FS2006", "too many partitions",
        "The partition table cannot hold that many partitions (an MBR holds 4).",
        "table: mbr with five partitions",
        "Use fewer partitions, or 'table: gpt'.");

    public static readonly DiagnosticCode PartitionContents = Code(
        "FS2007", "partition contents wrong",
        "A partition that holds contents has no file system, the layout lacks a partition a build needs (core, bootbank, unit), or two partitions claim the same contents.",
        "- name: bootbank\n  contents: bootbank\n  filesystem: none",
        "Give every layout exactly one partition for each kind of contents, each with a FAT file system.");

    public static readonly DiagnosticCode FatTypeDoesNotFit = Code(
        "FS2008", "file system does not fit its partition",
        "The partition's size is outside what its FAT type allows (FAT12 up to about 16 MiB, FAT16 from about 4 MiB, FAT32 from about 32 MiB), or the files do not fit.",
        "- name: esp\n  size: 4MiB\n  filesystem: fat32",
        "Choose the FAT type the size calls for (FAT16 for 4 to 32 MiB), or change the size.");

    // FS3xxx: packages and prebuilt modules

    public static readonly DiagnosticCode PrebuiltMismatch = Code(
        "FS3001", "prebuilt module does not match its SHA-256",
        "A prebuilt module's, prebuilt core's or file's SHA-256 differs from the one the recipe or depot package pins: the file changed or the pin is wrong.",
        "drivers:\n  - name: e1000\n    prebuilt: depot/e1000.efi\n    sha256: 0000...",
        "Get the module the pin names, or pin the module's real SHA-256 after checking where it came from.");

    public static readonly DiagnosticCode PackageDescriptor = Code(
        "FS3002", "depot package description wrong",
        "A package description in the depot is not valid: it needs exactly one of 'sources' and 'module', and a module needs its 'sha256'.",
        "depot/e1000-1.0.yaml with both 'sources' and 'module'",
        "Fix the package description in the depot.");

    public static readonly DiagnosticCode PackageUnresolved = Code(
        "FS3003", "package cannot be resolved",
        "No package version in the depot satisfies a request or dependency, one conflicts with another, or two install the same path.",
        "packages:\n  - e1000 >= 9.0",
        "Relax the version constraint, add the package to the depot, or remove the conflict; the message names the chain of requests.");

    public static readonly DiagnosticCode NotPeImage = Code(
        "FS3004", "component is not a PE/EFI image",
        "A module to be signed is not a PE/EFI image, or it is damaged or already signed.",
        "drivers:\n  - name: junk\n    prebuilt: depot/readme.txt",
        "Name a UEFI driver module (.efi).");

    public static readonly DiagnosticCode VendorCertificateMissing = Code(
        "FS3005", "signed prebuilt module without its vendor's certificate",
        "A prebuilt module carries its vendor's Authenticode signature, but nothing names the certificate to check it against: a module listed in the recipe cannot name one, and its depot package lacks 'certificate'.",
        "a depot package with 'module: e1000.efi' (signed by its vendor) and no 'certificate'",
        "Describe the module as a depot package and name the vendor's certificate with 'certificate: vendor.crt'.");

    public static readonly DiagnosticCode NotEfiApplication = Code(
        "FS3006", "prebuilt core is not an x86-64 EFI application",
        "The file a recipe names as its prebuilt core is not a PE/COFF image, is built for another machine than x86-64, or is not an EFI application (a driver or a Windows program), so the loader could not start it.",
        "core:\n  prebuilt: payload/xen.gz",
        "Name the EFI build of the core, such as Debian's /boot/xen-4.17-amd64.efi or a kernel with an EFI stub.");

    // FS4xxx: toolchains and caches

    public static readonly DiagnosticCode UnknownToolchain = Code(
        "FS4001", "unknown toolchain",
        "A component's 'toolchain' names a preset Flashsmith does not have.",
        "core:\n  toolchain: gcc",
        "Use a preset the message lists (clang-uefi-x64 for UEFI images, clang-elf-x64 for guests).");

    public static readonly DiagnosticCode ToolchainMissing = Code(
        "FS4002", "toolchain not installed",
        "A program the toolchain needs (clang, lld-link, ld.lld, llvm-objcopy) is not installed.",
        "a machine without lld",
        "Install the packages the message names (sudo apt-get install clang lld llvm).");

    public static readonly DiagnosticCode CompileFailed = Code(
        "FS4003", "compiling failed",
        "The compiler refused a source file; its own messages, with file and line, come first.",
        "a C file with a syntax error",
        "Fix the source at the places the compiler names.");

    public static readonly DiagnosticCode LinkFailed = Code(
        "FS4004", "linking failed",
        "The linker could not make the UEFI image or the guest's flat binary from the compiled objects; its own messages come first.",
        "a driver that calls a function no source defines",
        "Define the missing symbols, or remove the calls.");

    public static readonly DiagnosticCode MachineConfig = Code(
        "FS4005", "machine settings wrong",
        "The per-machine settings file is not valid YAML or holds a setting Flashsmith cannot use.",
        "~/.config/flashsmith/config.yaml: cache_remote: [x]",
        "Fix the setting at the line and column given.");

    public static readonly DiagnosticCode RemoteCache = Code(
        "FS4006", "remote cache address wrong",
        "The remote object cache address is missing or is not redis://HOST:PORT[/DB].",
        "flashsmith build --cache-remote http://cache",
        "Give redis://HOST:PORT, with a database number from 0 to 15 if any.");

    public static readonly DiagnosticCode LinkerScript = Code(
        "FS4007", "guest linker script missing or ambiguous",
        "A guest is linked by the one linker script (*.ld) at the top of its sources folder; the folder holds none, or more than one.",
        "guests:\n  - name: hello\n    sources: src/firmware/guests/hello   (no hello.ld)",
        "Keep exactly one *.ld file at the top of the guest's sources folder.");

    // FS5xxx: signing and verification

    public static readonly DiagnosticCode SigningKey = Code(
        "FS5001", "signing key unusable",
        "The signing key does not exist, cannot be read, holds no RSA key, is encrypted without a passphrase, or lacks its certificate (or the certificate is another key's).",
        "signing:\n  key: keys/missing.pem",
        "Name a readable key with its certificate; put a passphrase in FLASHSMITH_KEY_PASSPHRASE or the file named by FLASHSMITH_KEY_PASSPHRASE_FILE.");

    public static readonly DiagnosticCode Pkcs11 = Code(
        "FS5002", "PKCS#11 token unusable",
        "The PKCS#11 module, token, PIN, key or certificate cannot be used, or this build of the tool cannot drive PKCS#11.",
        "flashsmith build --key 'pkcs11:token=nosuch;object=k'",
        "Check the URI's token and object, the module path and FLASHSMITH_PKCS11_PIN; run the portable build (FLASHSMITH_PORTABLE=1).");

    public static readonly DiagnosticCode DevelopmentKeyRefused = Code(
        "FS5003", "release refuses the development key",
        "A release build must not be signed with the development key.",
        "flashsmith build --release --target dell-poweredge-r710   (recipe key: dev)",
        "Name a release key with --key or the recipe's 'signing.key'.");

    public static readonly DiagnosticCode Certificate = Code(
        "FS5004", "certificate unusable",
        "The certificate to verify against does not exist or cannot be read.",
        "flashsmith verify IMAGE --cert missing.pem",
        "Name a PEM or DER certificate file.");

    public static readonly DiagnosticCode VerificationFailed = Code(
        "FS5005", "verification failed",
        "A signature, seal, key seal or checksum does not hold: the image or key was changed, or it was signed with another key.",
        "flashsmith verify IMAGE after one byte of IMAGE changed",
        "Do not use the image or key; build or write it again, and verify against the certificate of the key that signed it.");

    public static readonly DiagnosticCode VendorSignature = Code(
        "FS5006", "vendor signature does not verify",
        "A prebuilt module's own Authenticode signature does not verify against the certificate its depot package names: the module was changed, or another key signed it.",
        "a depot package whose module was signed by another vendor's key",
        "Get the module as its vendor shipped it, or name the certificate of the key that signed it.");

    // FS6xxx: disk images and output folders

    public static readonly DiagnosticCode OutputPath = Code(
        "FS6001", "output path unusable",
        "An output folder cannot be made or written: it is a file, a parent is a file, it is read-only, or the path is too long.",
        "flashsmith build --out /etc/passwd",
        "Name a folder you may write (it is made when missing).");

    public static readonly DiagnosticCode DiskFailed = Code(
        "FS6002", "disk full or failing",
        "Writing or reading an output failed because its disk is full or fails; nothing partial is left.",
        "flashsmith build --out /mnt/full",
        "Free space on that disk or choose another, then run again.");

    public static readonly DiagnosticCode ImageUnreadable = Code(
        "FS6003", "not a usable disk image",
        "The file is not a Flashsmith disk image, or its partition table or file system is damaged, or it lacks the partition or file named.",
        "flashsmith inspect notes.txt",
        "Name an image that 'flashsmith build' wrote; 'flashsmith inspect' lists its partitions.");

    public static readonly DiagnosticCode OutputExists = Code(
        "FS6004", "output exists",
        "The file to write already exists.",
        "flashsmith extract IMAGE bootbank:/boot.cfg -o DIR   (twice)",
        "Pass --force to overwrite it, or choose another place.");

    public static readonly DiagnosticCode BlockMap = Code(
        "FS6005", "block map missing or wrong",
        "The image's block map (.bmap) is missing or cannot be read.",
        "provisioning an image whose .bmap was deleted",
        "Build the image again to get its block map.");

    // FS7xxx: devices, provisioning and boot banks

    public static readonly DiagnosticCode DeviceRefused = Code(
        "FS7001", "device refused",
        "A device failed a safety check: it is the system disk, holds the image, is mounted or in use, read-only, too small, or a fixed disk not named with --allow-fixed.",
        "flashsmith provision IMAGE --device /dev/sda",
        "Name a removable key that holds nothing mounted ('flashsmith devices' shows every verdict).");

    public static readonly DiagnosticCode DeviceFailed = Code(
        "FS7002", "device failed",
        "Reading from or writing to a device or the image failed, or what was read back differs from what was written.",
        "a USB key pulled out during provisioning",
        "Check the device and its connection, then provision it again; a key whose write failed may be reused.");

    public static readonly DiagnosticCode FactoryLog = Code(
        "FS7003", "factory log unusable",
        "The factory log cannot be opened, read or written, is not a factory log, or its PostgreSQL URL is wrong.",
        "flashsmith provision ... --log /no/such/folder/factory.db",
        "Give a log file in an existing folder, or postgresql://user@host:port/database.");

    public static readonly DiagnosticCode SerialTaken = Code(
        "FS7004", "unit serial taken",
        "The unit serial was already provisioned, or another station is writing it now.",
        "flashsmith provision ... --serial S1   (S1 already provisioned)",
        "Use the next unit's serial; 'flashsmith log' shows who holds this one.");

    public static readonly DiagnosticCode UnitsFile = Code(
        "FS7005", "units file or unit identity wrong",
        "The units CSV file or a unit's serial, host name or asset tag is not valid.",
        "units.csv whose header lacks 'serial'",
        "Fix the file or value at the line and column given; the columns are serial, hostname, asset_tag.");

    public static readonly DiagnosticCode SlotPattern = Code(
        "FS7006", "slot pattern wrong",
        "A --slots glob is not an absolute path, or it opens a '[' set that never closes.",
        "flashsmith station IMAGE --slots 'sd[b-e'",
        "Give comma-separated globs over /dev or /sys paths.");

    public static readonly DiagnosticCode KeyLayout = Code(
        "FS7007", "key too small or unit partition unusable",
        "The key is smaller than the image, or the unit partition cannot grow or hold the unit record.",
        "flashsmith provision IMAGE --device /dev/sdb --grow   (unit partition not last)",
        "Use a larger key, or provision without --grow.");

    public static readonly DiagnosticCode BankUpdate = Code(
        "FS7008", "boot bank update refused",
        "The update cannot be installed: no bank to write into, an older version without --allow-downgrade, a bank or loader that does not fit, or no confirmation.",
        "flashsmith update OLDER.img --device KEY",
        "Follow the message: pass --allow-downgrade, or use an image whose layout matches the key's.");

    public static readonly DiagnosticCode BootFailed = Code(
        "FS7009", "boot failed",
        "The image did not boot to READY under QEMU, or QEMU or OVMF is missing.",
        "flashsmith boot IMAGE   (a driver fails its check)",
        "Read the console lines the message quotes; install qemu-system-x86 and ovmf if they are missing.");

    public static readonly DiagnosticCode StationListen = Code(
        "FS7010", "station page cannot listen",
        "The station page's --listen address is not an IP address and port, or the station cannot listen there (the port is taken or the address is not this machine's).",
        "flashsmith station IMAGE --listen 127.0.0.1:22",
        "Name a free port on an address of this machine, as 127.0.0.1:8080 or [::1]:8080.");

    public static readonly DiagnosticCode StationPageMissing = Code(
        "FS7011", "station page server missing",
        "The station page is served by a companion program, Flashsmith.Station, beside the command line tool; it is not there or cannot be started.",
        "flashsmith station IMAGE --listen 127.0.0.1:8080   (with only Flashsmith.Cli installed)",
        "Build the tool with tools/flashsmith, which builds both programs into one folder, or install both together.");

    // FS8xxx: size budgets

    public static readonly DiagnosticCode OverBudget = Code(
        "FS8001", "over the size budget",
        "A component, group, partition or the image uses more than its budget, or its files do not fit at all.",
        "budget:\n  components:\n    e1000: 1KiB",
        "Shrink the component or raise the budget the message names.");

    public static readonly DiagnosticCode GrowthOverLimit = Code(
        "FS8002", "grew more than allowed",
        "A component or group grew by more than the recipe's 'budget.growth_percent' against the previous budget.",
        "flashsmith budget --against previous/budget.json",
        "Shrink it, or raise 'budget.growth_percent' if the growth is intended.");

    public static readonly DiagnosticCode BudgetFile = Code(
        "FS8003", "budget file unusable",
        "A budget.json is missing, unreadable, of another target, or budgets to merge disagree.",
        "flashsmith budget --against other-target/budget.json",
        "Name the budget.json of the same target, written by 'flashsmith build'.");

    // FS9xxx: releases and reproduction

    public static readonly DiagnosticCode NotReproduced = Code(
        "FS9001", "build not reproduced",
        "Two builds of the same sources, or a build and a release folder, differ; the message names the first difference.",
        "flashsmith reproduce --target dell-poweredge-r710",
        "Find what varies (time, paths, tool versions) at the offset named, and remove it from the build.");

    public static readonly DiagnosticCode ReleaseSources = Code(
        "FS9002", "release needs committed sources",
        "A release is built only from committed sources of a git checkout; a source is changed, untracked or the folder is no checkout.",
        "flashsmith build --release   with an uncommitted change",
        "Commit the change (or remove it), then build the release.");

    public static readonly DiagnosticCode ReproductionFailed = Code(
        "FS9003", "reproduction build failed",
        "One of the builds that reproduce compares failed on its own; its error lines follow.",
        "flashsmith reproduce with a recipe that does not build",
        "Fix the failure the lines name, then reproduce again.");

    public static readonly DiagnosticCode ReleaseParameters = Code(
        "FS9004", "command line differs from the release's provenance",
        "reproduce --against builds with the parameters the release folder's provenance records (recipe, target, release, epoch, toolchain); one given on the command line or by the recipe differs from them, so the build could not match.",
        "flashsmith reproduce --target dell-poweredge-r710 --release --against images   (a folder built without --release)",
        "Leave the parameter out, or give it the value the message names, or compare against the folder of the build you meant.");

    /// <summary>Every code, in the order of their ids.</summary>
    public static IReadOnlyList<DiagnosticCode> All => Table;

    /// <summary>The code with <paramref name="id"/> (any case), or null.</summary>
    public static DiagnosticCode? Find(string id) =>
        Table.FirstOrDefault(c => string.Equals(c.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));

    private static DiagnosticCode Code(string id, string title, string meaning, string example, string fix)
    {
        var code = new DiagnosticCode(id, title, meaning, example, fix);
        Table.Add(code);
        return code;
    }
}
