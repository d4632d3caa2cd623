namespace Spacedrive.Runtime.TestKit;
internal static class TestKitPlaceholder { }
