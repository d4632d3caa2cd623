using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class ActorPathSpec
{
    [Fact]
    public void ActorPath_must_round_trip_through_its_string_form()
    {
        var path = ActorPath.Parse("spacedrive://device-1/user/a/b#42");
        Assert.Equal("spacedrive", path.Address.Protocol);
        Assert.Equal("device-1", path.Address.System);
        Assert.Equal(["user", "a", "b"], path.Elements);
        Assert.Equal(42, path.Uid);
        Assert.Equal("spacedrive://device-1/user/a/b", path.ToString());
        Assert.Equal("spacedrive://device-1/user/a/b#42", path.ToSerializationFormat());
        Assert.Equal(path, ActorPath.Parse(path.ToSerializationFormat()));
    }

    [Fact]
    public void ActorPath_equality_must_ignore_the_uid()
    {
        var a = ActorPath.Parse("spacedrive://sys/user/a#1");
        var b = ActorPath.Parse("spacedrive://sys/user/a#2");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ActorPath.Parse("spacedrive://other/user/a#1"));
        Assert.NotEqual(a, ActorPath.Parse("spacedrive://sys/user/b#1"));
    }

    [Fact]
    public void ActorPath_must_reject_malformed_strings()
    {
        Assert.False(ActorPath.TryParse("no-scheme/user/a", out _));
        Assert.False(ActorPath.TryParse("spacedrive:///user", out _));
        Assert.False(ActorPath.TryParse("spacedrive://sys/user/a b", out _));
        Assert.Throws<UriFormatException>(() => ActorPath.Parse(""));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("a-b_c.d*e$f+g:h@i&j=k,l!m~n';(o)", true)]
    [InlineData("%41bc", true)]
    [InlineData("$abc", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("%4", false)]
    [InlineData("", false)]
    public void ActorPath_must_validate_elements_like_Akka(string name, bool valid) =>
        Assert.Equal(valid, ActorPath.IsValidPathElement(name));

    [Fact]
    public void ActorRefs_must_be_equal_by_path_and_uid()
    {
        using var kit = new TestKit.TestKit();
        var first = kit.Sys.ActorOf(EchoActor.Props(), "a");
        Assert.Equal(first, kit.Sys.ResolveActorRef(first.Path));
        kit.Watch(first);
        kit.Sys.Stop(first);
        kit.ExpectTerminated(first);
        kit.AwaitAssert(() =>
        {
            var second = kit.Sys.ActorOf(EchoActor.Props(), "a");
            Assert.Equal(first.Path, second.Path);
            Assert.NotEqual(first, second); // a new incarnation
        });
    }
}
