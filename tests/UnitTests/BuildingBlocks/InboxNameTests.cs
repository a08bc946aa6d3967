using JusticePlatform.Activities.Data;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Funding.Data;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Identity.Data;

namespace JusticePlatform.UnitTests.BuildingBlocks;

/// <summary>A consumer's inbox rows are keyed by a name it declares, so a class rename never replays its messages.</summary>
public sealed class InboxNameTests
{
    private static readonly IReadOnlyList<Type> Consumers =
        new[] { typeof(ActivitiesDbContext), typeof(BeneficiariesDbContext), typeof(FundingDbContext), typeof(GrievancesDbContext), typeof(IdentityDbContext) }
            .SelectMany(context => context.Assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false } && IsIdempotentConsumer(type))
            .ToList();

    [Fact]
    public void Every_consumer_declares_an_inbox_name()
    {
        Assert.NotEmpty(Consumers);
        var unnamed = Consumers.Where(type => !HasName(type)).Select(type => type.FullName).ToList();

        Assert.True(unnamed.Count == 0, "consumers without [InboxName]: " + string.Join(", ", unnamed));
    }

    [Fact]
    public void No_two_consumers_share_an_inbox_name()
    {
        var shared = Consumers.Where(HasName).GroupBy(InboxNameAttribute.Of).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.Name))}").ToList();

        Assert.True(shared.Count == 0, "inbox names used twice: " + string.Join("; ", shared));
    }

    [Fact]
    public void A_consumer_without_a_declared_name_is_refused_rather_than_named_after_its_class() =>
        Assert.Throws<InvalidOperationException>(() => InboxNameAttribute.Of(typeof(Unnamed)));

    [Fact]
    public void The_inbox_name_is_the_declared_one_not_the_class_name() =>
        Assert.Equal("SomeConsumerOfOld", InboxNameAttribute.Of(typeof(Renamed)));

    private static bool HasName(Type type)
    {
        try
        {
            InboxNameAttribute.Of(type);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsIdempotentConsumer(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IdempotentConsumer<,>))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Unnamed;

    [InboxName("SomeConsumerOfOld")]
    private sealed class Renamed;
}
