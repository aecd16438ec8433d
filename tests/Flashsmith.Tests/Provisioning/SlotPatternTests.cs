using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;

namespace Flashsmith.Tests.Provisioning;

public sealed class SlotPatternTests
{
    private const string HubPort = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2.3/1-2.3:1.0/host6/target6:0:0/6:0:0:0/block/sdc";
    private const string FixedDisk = "/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda";

    [Theory]
    [InlineData("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2.*/**", "/dev/sdc", HubPort, true)]
    [InlineData("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2.*/**", "/dev/sda", FixedDisk, false)]
    [InlineData("/dev/sd[b-e]", "/dev/sdc", HubPort, true)]
    [InlineData("/dev/sd[b-e]", "/dev/sda", FixedDisk, false)]
    [InlineData("/dev/sd[!a]", "/dev/sda", FixedDisk, false)]
    [InlineData("/dev/loop2[0-9]", "/dev/loop21", "/sys/devices/virtual/block/loop21", true)]
    [InlineData("/dev/loop2[0-9]", "/dev/loop210", "/sys/devices/virtual/block/loop210", false)]
    [InlineData("/dev/loop2?, /dev/sdz", "/dev/sdz", null, true)]
    [InlineData("/dev/*", "/dev/sda", FixedDisk, true)]
    [InlineData("/sys/*", "/dev/sda", FixedDisk, false)]
    public void Globs_match_whole_device_or_sysfs_paths(string pattern, string device, string? sysfs, bool matches) =>
        Assert.Equal(matches, SlotPattern.Parse(pattern).Matches(device, sysfs));

    [Theory]
    [InlineData("sd*", "--slots 'sd*': 'sd*' is not an absolute path; give globs over device paths (/dev/sd[b-e]) or sysfs paths (/sys/devices/…/usb1/1-2/**)")]
    [InlineData("/dev/sd[b-e", "--slots '/dev/sd[b-e': '/dev/sd[b-e' opens a set of characters with '[' and never closes it")]
    public void Bad_patterns_are_bad_input(string pattern, string message) =>
        Assert.Equal(message, Assert.Throws<BadInputException>(() => SlotPattern.Parse(pattern)).Message);
}
