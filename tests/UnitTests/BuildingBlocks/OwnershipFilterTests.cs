using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class OwnershipFilterTests
{
    private sealed class Case : IPartnerOwned
    {
        public Guid Id { get; set; }
        public string PartnerId { get; set; } = "";
        public bool Deleted { get; set; }
    }

    private sealed class SoftDeletingContext(DbContextOptions options) : ServiceDbContext(options)
    {
        protected override void ConfigureModel(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Case>().HasQueryFilter("soft_delete", c => !c.Deleted);
    }

    private static SoftDeletingContext Context() =>
        new(new DbContextOptionsBuilder().UseNpgsql("Host=127.0.0.1;Database=model_only").Options);

    [Fact]
    public void The_ownership_filter_sits_beside_a_services_own_filter()
    {
        using var db = Context();

        var filters = db.Model.FindEntityType(typeof(Case))!.GetDeclaredQueryFilters().Select(f => f.Key).Order();

        Assert.Equal(["ownership", "soft_delete"], filters);
    }

    [Fact]
    public void A_context_that_does_not_share_records_has_no_sharing_table()
    {
        using var db = Context();

        Assert.Null(db.Model.FindEntityType(typeof(RecordShare)));
        Assert.Throws<InvalidOperationException>(() => db.IncludingShared<Case>());
    }

    [Fact]
    public void A_context_without_a_caller_is_neither_a_partner_nor_system_work()
    {
        using var db = Context();

        Assert.Equal((null, false), (db.CurrentPartnerId, db.IsSystemWork));
    }
}
