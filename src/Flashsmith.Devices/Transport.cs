namespace Flashsmith.Devices;

/// <summary>How a disk is attached, read from where sysfs places it.</summary>
public enum Transport
{
    Other,
    Usb,
    Sata,
    Nvme,
    Virtio,
    Loop,
    Mmc,
    Scsi,
}
