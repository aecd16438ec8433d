using Flashsmith.Boot;

namespace Flashsmith.Recipes.Schema;

/// <summary>
/// Every key a recipe may hold. The validator, the model builder, the JSON schema and the
/// reference test all read this one tree, so a key exists everywhere or nowhere.
/// </summary>
public static class RecipeSchema
{
    /// <summary>What every compiled component may add to its compile: include folders and defines, both part of its cache key.</summary>
    private static readonly KeySpec[] CompileInputs =
    [
        new("include", ValueKind.List, "Folders of headers, searched before the sources' own folders (-I)") { ItemKind = ValueKind.Path, Default = "[]", Example = "[\"../src/firmware/include\"]" },
        new("defines", ValueKind.List, "Preprocessor defines, NAME or NAME=value (-D)") { ItemKind = ValueKind.Define, Default = "[]", Example = "[\"HELLO_READ_AT=0x200000\"]" },
    ];

    public static readonly KeySpec Guest = new("guest", ValueKind.Section, "A guest the core runs under AMD SVM")
    {
        Keys =
        [
            new("name", ValueKind.Name, "The guest's name, unique in the recipe; it is installed in the boot bank as <name>.bin") { Required = true, Example = "hello" },
            new("version", ValueKind.Version, "The guest's version") { Required = true, Example = "1.0.0" },
            new("sources", ValueKind.Path, "A folder of C and assembly (.S) sources and one linker script (.ld), linked into a flat 64-bit binary") { Required = true, Example = "../src/firmware/guests/hello" },
            new("memory", ValueKind.Size, "The guest's memory, from guest-physical address 0: a multiple of 4KiB from 128KiB to 1GiB") { Default = "1MiB", Example = "2MiB" },
            new("group", ValueKind.Name, "The budget group the guest counts towards") { Default = "guests", Example = "oem-guests" },
            new("toolchain", ValueKind.Choice, "The toolchain preset: clang for x86_64-elf, ld.lld with the linker script, llvm-objcopy -O binary") { Choices = ChoiceSet.Of("clang-elf-x64"), Default = "clang-elf-x64", Example = "clang-elf-x64" },
            new("flags", ValueKind.List, "Extra compiler flags, after the preset's") { ItemKind = ValueKind.Text, Default = "[]", Example = "[\"-Os\"]" },
            .. CompileInputs,
        ],
    };

    public static readonly KeySpec Driver = new("driver", ValueKind.Section, "A driver module")
    {
        Keys =
        [
            new("name", ValueKind.Name, "The driver's name, unique in the recipe; the module is installed as <name>.efi") { Required = true, Example = "e1000" },
            new("version", ValueKind.Version, "The driver's version") { Required = true, Example = "8.0.3" },
            new("vendor", ValueKind.Text, "Who makes the driver") { Default = "\"\"", Example = "Intel" },
            new("summary", ValueKind.Text, "One line saying what the driver is for") { Default = "\"\"", Example = "Intel PRO/1000 network adapter" },
            new("acceptance", ValueKind.Choice, "How far the driver is trusted") { Choices = AcceptanceLevels.Choices, Default = "community", Example = "certified" },
            new("group", ValueKind.Name, "The budget group the driver counts towards") { Default = "drivers", Example = "oem-drivers" },
            new("pci", ValueKind.List, "PCI vendor:device IDs the driver probes for") { ItemKind = ValueKind.PciId, Default = "[]", Example = "[\"8086:100e\"]" },
            new("depends", ValueKind.List, "Drivers this one needs, each with an optional version constraint") { ItemKind = ValueKind.Requirement, Default = "[]", Example = "[\"ipmi-kcs >= 1.2\"]" },
            new("conflicts", ValueKind.List, "Drivers that must not be installed beside this one") { ItemKind = ValueKind.Requirement, Default = "[]", Example = "[\"legacy-nic < 2.0\"]" },
            new("sources", ValueKind.Path, "A folder of C sources to compile (give this or 'prebuilt')") { Example = "../src/firmware/drivers/e1000" },
            new("prebuilt", ValueKind.Path, "A prebuilt module from a depot folder (give this or 'sources')") { Example = "depot/raid-1.2.efi" },
            new("sha256", ValueKind.Sha256, "The SHA-256 of the prebuilt module, 64 hex digits (required with 'prebuilt')") { Example = "9f86d08188…" },
            .. CompileInputs,
        ],
    };

    /// <summary>A file an initramfs takes from elsewhere, such as busybox or a folder of kernel modules.</summary>
    public static readonly KeySpec InitramfsAddition = new("add", ValueKind.Section, "A file or folder added to an initramfs")
    {
        Keys =
        [
            new("from", ValueKind.Path, "The file or folder to add") { Required = true, Example = "payload/busybox" },
            new("to", ValueKind.PartitionPath, "Where it goes in the initramfs") { Required = true, Example = "/bin/busybox" },
            new("sha256", ValueKind.Sha256, "The SHA-256 of the file (for a file only; optional)") { Example = "9f86d08188…" },
        ],
    };

    public static readonly KeySpec File = new("file", ValueKind.Section, "A file that goes with the core")
    {
        Keys =
        [
            new("name", ValueKind.Name, "The file's name as a component, unique in the recipe") { Required = true, Example = "dom0-kernel" },
            new("version", ValueKind.Version, "The file's version") { Required = true, Example = "6.1.192" },
            new("group", ValueKind.Name, "The budget group the file counts towards") { Default = "files", Example = "dom0" },
            new("to", ValueKind.PartitionPath, "The file's path in the partition") { Required = true, Example = "/vmlinuz" },
            new("partition", ValueKind.Name, "The partition that holds it") { Default = "the boot bank", Example = "esp" },
            new("from", ValueKind.Path, "A file taken as it is (give exactly one of 'from', 'text' and 'initramfs')") { Example = "payload/vmlinuz" },
            new("sha256", ValueKind.Sha256, "The SHA-256 of the 'from' file (required with 'from')") { Example = "9f86d08188…" },
            new("text", ValueKind.Text, "The file's contents, as UTF-8 text: a configuration file") { Example = "[global]\\ndefault=xen\\n" },
            new("initramfs", ValueKind.Path, "A folder packed as a newc cpio archive, gzip-compressed: entries sorted, owner 0:0, times from the build epoch") { Example = "rootfs" },
            new("add", ValueKind.SectionList, "Files and folders from elsewhere added to the initramfs") { Keys = InitramfsAddition.Keys, Default = "[]" },
            new("purl", ValueKind.Text, "The package URL of what the file came from, carried into the SBOMs") { Example = "pkg:deb/debian/busybox-static@1%3A1.35.0-4?arch=amd64" },
        ],
    };

    public static readonly KeySpec Partition = new("partition", ValueKind.Section, "A partition of the flash layout")
    {
        Keys =
        [
            new("name", ValueKind.Name, "The partition's name (the GPT partition name)") { Required = true, Example = "bootbank" },
            new("type", ValueKind.PartitionType, "The partition type: efi-system, basic-data, a GPT type GUID, or an MBR type byte such as 0x0c") { Default = "basic-data", Example = "efi-system" },
            new("size", ValueKind.SizeOrRest, "The partition's size, or 'rest' for the space left (last partition only)") { Required = true, Example = "12MiB" },
            new("offset", ValueKind.Size, "Where the partition starts; by default right after the previous one, aligned") { Example = "1MiB" },
            new("filesystem", ValueKind.Choice, "The file system; 'fat' lets the cluster count choose FAT12, FAT16 or FAT32") { Choices = ChoiceSet.Of(FileSystemKind.Fat, FileSystemKind.Fat12, FileSystemKind.Fat16, FileSystemKind.Fat32, FileSystemKind.None), Default = "fat", Example = "fat16" },
            new("label", ValueKind.Label, "The FAT volume label, up to 11 characters") { Default = "the partition name in upper case", Example = "BOOTBANK" },
            new("contents", ValueKind.Choice, "What the builder puts in: the core, the boot bank (boot.cfg, manifest, drivers), the per-unit data (the key seal, later unit.json) or nothing") { Choices = ChoiceSet.Of(PartitionContents.Core, PartitionContents.Bootbank, PartitionContents.Unit, PartitionContents.Empty), Default = "empty", Example = "bootbank" },
        ],
    };

    public static readonly KeySpec Root = new("recipe", ValueKind.Section, "A Flashsmith recipe")
    {
        Keys =
        [
            new("extends", ValueKind.Path, "The recipe this one builds on (OEM targets: ../thinvisor.yaml); its keys are merged under this file's") { Example = "../thinvisor.yaml" },
            new("product", ValueKind.Section, "What is being built")
            {
                Required = true,
                Keys =
                [
                    new("name", ValueKind.Name, "The product name, used in image file names") { Required = true, Example = "thinvisor" },
                    new("version", ValueKind.Version, "The product version") { Required = true, Example = "1.0.0" },
                    new("epoch", ValueKind.Timestamp, "The build time written into images: seconds since 1970 or an ISO 8601 UTC time; SOURCE_DATE_EPOCH overrides it") { Default = "2026-01-01T00:00:00Z", Example = "1767225600" },
                    new("banner", ValueKind.Text, "The line the core prints at boot") { Default = "<name> <version>", Example = "Thinvisor for Dell PowerEdge R710" },
                ],
            },
            new("core", ValueKind.Section, "The hypervisor core: compiled from C ('sources') or taken as it is ('prebuilt')")
            {
                Required = true,
                Keys =
                [
                    new("sources", ValueKind.Path, "The folder of C and assembly (.S) sources (give this or 'prebuilt')") { Example = "../src/firmware/core" },
                    new("prebuilt", ValueKind.Path, "A core built elsewhere: an x86-64 PE/COFF EFI application, taken as it is and signed (give this or 'sources')") { Example = "payload/xen.efi" },
                    new("sha256", ValueKind.Sha256, "The SHA-256 of the prebuilt core, 64 hex digits (required with 'prebuilt')") { Example = "9f86d08188…" },
                    new("purl", ValueKind.Text, "The package URL of the package a prebuilt core came from, carried into the SBOMs") { Example = "pkg:deb/debian/xen-hypervisor-4.17-amd64@4.17.7?arch=amd64" },
                    new("options", ValueKind.CommandLine, "The command line the loader passes to the core as its UEFI load options (UCS-2, as the UEFI shell passes them, without the program name)") { Default = "\"\"", Example = "initrd=\\initrd.gz console=ttyS0" },
                    new("toolchain", ValueKind.Choice, "The toolchain preset (for the core's sources and the loader)") { Choices = ChoiceSet.Of("clang-uefi-x64"), Default = "clang-uefi-x64", Example = "clang-uefi-x64" },
                    new("flags", ValueKind.List, "Extra compiler flags, after the preset's") { ItemKind = ValueKind.Text, Default = "[]", Example = "[\"-O2\"]" },
                    new("output", ValueKind.Text, "The file name of the core in each boot bank (boot.cfg's kernel=)") { Default = "core.efi", Example = "xen.efi" },
                    new("loader", ValueKind.Path, "The folder of C sources of the loader, the signed /EFI/BOOT/BOOTX64.EFI that picks the boot bank and starts its core") { Default = "the folder 'loader' beside 'sources' (required with 'prebuilt')", Example = "../src/firmware/loader" },
                    .. CompileInputs,
                ],
            },
            new("drivers", ValueKind.DriverSet, "The driver modules; in a target, a list replaces the base's and a mapping of add, remove and replace edits it")
            {
                Default = "[]",
                Keys =
                [
                    new("add", ValueKind.SectionList, "Drivers to add to the base's") { Keys = Driver.Keys },
                    new("remove", ValueKind.List, "Names of the base's drivers to leave out") { ItemKind = ValueKind.Name, Example = "[\"ipmi-kcs\"]" },
                    new("replace", ValueKind.SectionList, "Drivers that replace the base's driver of the same name") { Keys = Driver.Keys },
                ],
            },
            new("guests", ValueKind.SectionList, "The guests the core runs after the drivers, in order; a target's entries merge by name over the base's") { Keys = Guest.Keys, MergeBy = "name", Default = "[]" },
            new("files", ValueKind.SectionList, "Files that go into the boot bank (or, with 'partition', into that partition): a kernel, an initramfs, configuration; a target's entries merge by name over the base's") { Keys = File.Keys, MergeBy = "name", Default = "[]" },
            new("boot", ValueKind.Section, "How 'flashsmith boot' reads the console of this image's core")
            {
                Keys =
                [
                    new("ready", ValueKind.Pattern, "A regular expression: a console line that matches it means the boot succeeded") { Default = BootPatterns.DefaultReady, Example = "THINVISOR DOM0 .*" },
                    new("halt", ValueKind.Pattern, "A regular expression: a console line that matches it means the boot failed") { Default = BootPatterns.DefaultHalt, Example = "Kernel panic|THINVISOR HALT" },
                ],
            },
            new("layout", ValueKind.Section, "The flash layout")
            {
                Keys =
                [
                    new("flash", ValueKind.Size, "The size of the flash, and so of the image") { Default = "32MiB", Example = "64MiB" },
                    new("table", ValueKind.Choice, "The partition table") { Choices = ChoiceSet.Of(PartitionTableKind.Gpt, PartitionTableKind.Mbr), Default = "gpt", Example = "gpt" },
                    new("alignment", ValueKind.Size, "Every partition starts at a multiple of this") { Default = "64KiB", Example = "1MiB" },
                    new("partitions", ValueKind.SectionList, "The partitions in order; a target's entries merge by name over the base's") { Keys = Partition.Keys, MergeBy = "name", Default = "esp, bootbank, altbootbank, unit (see below)" },
                ],
            },
            new("signing", ValueKind.Section, "How images are signed")
            {
                Keys =
                [
                    new("key", ValueKind.KeyReference, "'dev' for the generated development key, a PEM or PKCS#12 file, or a pkcs11: URI") { Default = "dev", Example = "keys/release.p12" },
                    new("certificate", ValueKind.Path, "The certificate, when the key file does not hold it") { Example = "keys/release.crt" },
                ],
            },
            new("budget", ValueKind.Section, "Size limits; a build fails when one is exceeded")
            {
                Keys =
                [
                    new("warn", ValueKind.Percent, "Warn when a limit is used to this percentage") { Default = "90%", Example = "85%" },
                    new("image", ValueKind.Size, "A limit on everything the image holds") { Example = "24MiB" },
                    new("partitions", ValueKind.NameMap, "Limits per partition, by name") { ItemKind = ValueKind.Size, Default = "{}", Example = "{bootbank: 8MiB}" },
                    new("groups", ValueKind.NameMap, "Limits per group of components ('core', the drivers' and the guests' groups)") { ItemKind = ValueKind.Size, Default = "{}", Example = "{drivers: 4MiB}" },
                    new("components", ValueKind.NameMap, "Limits per component ('core', a driver or a guest name)") { ItemKind = ValueKind.Size, Default = "{}", Example = "{e1000: 256KiB}" },
                    new("growth", ValueKind.Percent, "How much a component may grow against a baseline (flashsmith budget --against)") { Example = "10%" },
                ],
            },
            new("depot", ValueKind.Path, "A folder of driver packages, each a package.yaml beside its module or sources") { Example = "depot" },
            new("packages", ValueKind.List, "Driver packages to take from the depot, each a name with an optional version constraint; their dependencies come too") { ItemKind = ValueKind.Requirement, Default = "[]", Example = "[\"hp-amsd >= 11\"]" },
            new("min_acceptance", ValueKind.Choice, "The lowest driver acceptance level the target accepts") { Choices = AcceptanceLevels.Choices, Default = "community", Example = "partner" },
        ],
    };

    /// <summary>The file in a depot folder that describes its driver package, in the form <see cref="Package"/> gives.</summary>
    public const string PackageFileName = "package.yaml";

    /// <summary>The keys of a driver package's package.yaml in a depot.</summary>
    public static readonly KeySpec Package = new("package", ValueKind.Section, "A driver package in a depot")
    {
        Keys =
        [
            new("name", ValueKind.Name, "The package's name") { Required = true, Example = "hp-amsd" },
            new("version", ValueKind.Version, "The package's version") { Required = true, Example = "11.4.0" },
            new("vendor", ValueKind.Text, "Who makes it") { Default = "\"\"", Example = "Hewlett-Packard" },
            new("summary", ValueKind.Text, "One line saying what it is for") { Default = "\"\"", Example = "Agentless management service" },
            new("acceptance", ValueKind.Choice, "How far it is trusted") { Choices = AcceptanceLevels.Choices, Default = "community", Example = "partner" },
            new("group", ValueKind.Name, "The budget group it counts towards") { Default = "packages", Example = "oem" },
            new("pci", ValueKind.List, "PCI vendor:device IDs the module probes for") { ItemKind = ValueKind.PciId, Default = "[]", Example = "[\"103c:3306\"]" },
            new("depends", ValueKind.List, "Packages (or names they provide) it needs, with optional version constraints") { ItemKind = ValueKind.Requirement, Default = "[]", Example = "[\"hp-ilo-ipmi >= 2.0\"]" },
            new("conflicts", ValueKind.List, "Packages that must not be installed beside it") { ItemKind = ValueKind.Requirement, Default = "[]", Example = "[\"hp-legacy-agent\"]" },
            new("provides", ValueKind.List, "Virtual names it stands for, which others may depend on") { ItemKind = ValueKind.Name, Default = "[]", Example = "[\"ipmi-driver\"]" },
            new("installs", ValueKind.List, "The paths it installs in the boot bank") { ItemKind = ValueKind.Text, Default = "[\"/<name>.efi\"]", Example = "[\"/hp-amsd.efi\"]" },
            new("sources", ValueKind.Path, "A folder of C sources to compile (give this or 'module')") { Example = "../../src/firmware/drivers/ipmi-kcs" },
            new("module", ValueKind.Path, "The prebuilt module file (give this or 'sources')") { Example = "hp-amsd.efi" },
            new("sha256", ValueKind.Sha256, "The SHA-256 of the module (required with 'module')") { Example = "9f86d08188…" },
            new("certificate", ValueKind.Path, "The vendor's certificate (PEM or DER) that a signed 'module' must verify against; a signed module is refused without it") { Example = "hp-vendor.pem" },
        ],
    };

    /// <summary>Every key as a dotted path ("layout.partitions[].size"), for the reference page and its test.</summary>
    public static IEnumerable<string> Paths() => PathsUnder(Root, string.Empty);

    private static IEnumerable<string> PathsUnder(KeySpec spec, string prefix)
    {
        foreach (var key in spec.Keys)
        {
            var path = prefix + key.Name;
            yield return path;
            var children = key.Kind switch
            {
                ValueKind.Section => PathsUnder(key, path + "."),
                ValueKind.SectionList => PathsUnder(key, path + "[]."),
                ValueKind.DriverSet => PathsUnder(Driver, path + "[].").Concat(key.Keys.Select(k => path + "." + k.Name)),
                _ => [],
            };
            foreach (var child in children)
            {
                yield return child;
            }
        }
    }
}
