using System.Reflection;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Protection;

namespace JusticePlatform.UnitTests.Grievances;

public sealed class EncryptedFieldsTests
{
    [Fact]
    public void Every_cipher_column_of_Grievances_is_in_the_list_the_reencryption_walks()
    {
        var entities = typeof(GrievancesDbContext).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Microsoft.EntityFrameworkCore.DbSet<>))
            .Select(p => p.PropertyType.GetGenericArguments()[0]);
        var cipherColumns = entities
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.PropertyType == typeof(string) && p.Name.EndsWith("Cipher", StringComparison.Ordinal))
                .Select(p => $"{t.Name}.{p.Name}"))
            .Order()
            .ToList();

        Assert.NotEmpty(cipherColumns);
        Assert.Equal(cipherColumns, EncryptedFields.All.Select(f => $"{f.EntityType.Name}.{f.Property}").Order().ToList());
    }

    [Fact]
    public void Each_encrypted_field_name_is_listed_once()
    {
        Assert.Equal(EncryptedFields.All.Count, EncryptedFields.All.Select(f => f.Field).Distinct().Count());
    }
}
