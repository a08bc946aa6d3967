using System.Text;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.UnitTests.BuildingBlocks;

public sealed class RequestHygieneTests
{
    [Theory]
    [InlineData("\u0000")]
    [InlineData("a\u0001b")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    public void Text_with_control_characters_cannot_be_stored(string value) =>
        Assert.NotNull(RequestHygiene.TextProblem(value));

    [Fact]
    public void Text_with_a_broken_surrogate_pair_cannot_be_stored()
    {
        Assert.NotNull(RequestHygiene.TextProblem(new string([(char)0xD800])));
        Assert.NotNull(RequestHygiene.TextProblem(new string(['x', (char)0xDC00])));
        Assert.Null(RequestHygiene.TextProblem(new string([(char)0xD83D, (char)0xDE00])));
    }

    [Theory]
    [InlineData("Traoré")]
    [InlineData("line one\nline two\r\n\tindented")]
    [InlineData("😀 emoji")]
    public void Ordinary_text_with_line_breaks_tabs_and_emoji_is_accepted(string value) =>
        Assert.Null(RequestHygiene.TextProblem(value));

    [Theory]
    [InlineData("1.5")]
    [InlineData("tomorrow")]
    [InlineData("2020-13-01")]
    [InlineData("01/02/2020")]
    public void A_query_date_time_must_be_ISO_8601(string value) =>
        Assert.NotNull(QueryValues.Check(typeof(DateTimeOffset), value, out _));

    [Fact]
    public void A_query_date_time_with_an_offset_is_given_on_in_UTC()
    {
        Assert.Null(QueryValues.Check(typeof(DateTimeOffset), "2020-01-01T00:00:00+02:00", out var utc));
        Assert.Equal("2019-12-31T22:00:00Z", utc);
        Assert.Null(QueryValues.Check(typeof(DateTimeOffset), "2020-01-01", out utc));
        Assert.Equal("2020-01-01T00:00:00Z", utc);
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData(" 1")]
    public void A_query_integer_must_be_a_whole_number_that_fits(string value) =>
        Assert.NotNull(QueryValues.Check(typeof(int), value, out _));

    [Fact]
    public void A_JSON_body_names_each_string_with_control_characters_by_its_path()
    {
        var errors = new Dictionary<string, string[]>();
        JsonBodyScanner.Scan(Encoding.UTF8.GetBytes("""{"givenName":"A\u0000","consent":{"scope":["ok","b\u0001"]},"note":"fine\nline"}"""), errors);

        Assert.Equal(["givenName", "consent.scope[1]"], errors.Keys.Order().Reverse().ToArray());
    }

    [Fact]
    public void A_null_item_of_a_JSON_list_is_named()
    {
        var errors = new Dictionary<string, string[]>();
        JsonBodyScanner.Scan(Encoding.UTF8.GetBytes("""{"members":[{"partnerId":"amss"},null],"note":null}"""), errors);

        Assert.Equal(["members[1]"], errors.Keys.ToArray());
    }

    [Fact]
    public void A_page_whose_offset_would_overflow_is_refused()
    {
        var errors = new ValidationErrors();
        new PageRequest(int.MaxValue, 500).Validate(errors);
        Assert.True(errors.Fields.ContainsKey("page"));

        var last = new ValidationErrors();
        new PageRequest(PageRequest.MaxPage, PageRequest.MaxPageSize).Validate(last);
        Assert.True(last.IsValid);
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("\"3\"", true)]
    [InlineData("\"2\", \"3\"", true)]
    [InlineData("W/\"3\"", false)]
    [InlineData("\"2\"", false)]
    [InlineData(null, false)]
    public void If_Match_follows_RFC_9110(string? header, bool matches) =>
        Assert.Equal(matches, ETags.Matches(header, 3));

    [Theory]
    [InlineData("\"3\"", true)]
    [InlineData("W/\"3\"", true)]
    [InlineData("*", true)]
    [InlineData("\"4\"", false)]
    public void If_None_Match_fails_for_the_current_tag_by_weak_comparison(string header, bool fails) =>
        Assert.Equal(fails, EntityTags.NoneMatchFails(header, "\"3\""));
}
