using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace Testbed.Results.Files;

/// <summary>
/// The columns of one results file, each defined once by <see cref="Column"/>: its name, the
/// record member it holds, and how it is written. The same definition writes the file (the
/// member), reads it back (the record's constructor parameter of the same name) and names the
/// database's columns. Columns are declared in file order, which is also constructor order.
/// </summary>
public abstract class RowMap<T> : ClassMap<T>
{
    private static readonly ConstructorInfo Constructor = typeof(T).GetConstructors().MaxBy(c => c.GetParameters().Length)
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no public constructor");

    private static readonly ParameterInfo[] ConstructorParameters = Constructor.GetParameters();

    private readonly List<RowColumn> _columns = [];

    /// <summary>The file's columns in order.</summary>
    public IReadOnlyList<RowColumn> Columns => _columns;

    /// <param name="optional">
    /// A column older files may lack (read as its member's default); one that may be empty, or
    /// whose constructor parameter has a default, is optional without saying so.
    /// </param>
    /// <param name="format">The figure's precision where it differs from <see cref="ResultsCsv.FigureFormat"/>.</param>
    protected void Column<TValue>(Expression<Func<T, TValue?>> member, string name, bool optional = false, string? format = null)
    {
        var property = (PropertyInfo)((MemberExpression)member.Body).Member;
        var memberMap = Map(member).Name(name);
        if (format is not null)
        {
            memberMap.TypeConverterOption.Format(format);
        }

        var underlying = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (underlying == typeof(bool))
        {
            memberMap.TypeConverterOption.BooleanValues(true, true, "true").TypeConverterOption.BooleanValues(false, true, "false");
        }

        var words = underlying.IsEnum ? EnumWordConverterOf(underlying) : null;
        if (words is not null)
        {
            memberMap.TypeConverter(words);
        }

        var parameter = ConstructorParameters.FirstOrDefault(p => p.Name == property.Name);
        var nullable = new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;

        // As the files grew, every column that may be empty was allowed to be absent too.
        optional |= parameter?.HasDefaultValue == true || nullable;
        if (optional)
        {
            memberMap.Optional();
        }

        if (parameter is not null)
        {
            var parameterMap = Parameter(parameter.Name!).Name(name);
            if (words is not null)
            {
                parameterMap.TypeConverter(words);
            }

            if (nullable && underlying == typeof(string))
            {
                // Null is written as an empty field, so an empty field is null.
                parameterMap.TypeConverterOption.NullValues(string.Empty);
            }

            if (optional)
            {
                parameterMap.Optional();
                if (parameter.HasDefaultValue && parameter.DefaultValue is { } value)
                {
                    parameterMap.Default(value);
                }
            }
        }

        _columns.Add(new RowColumn(name, property, parameter is not null, optional, format ?? ResultsCsv.FigureFormat, (IEnumColumn?)words));
    }

    /// <summary>A row from values found elsewhere than in its file (the results database), by column.</summary>
    public T Create(Func<RowColumn, object?> valueOf)
    {
        var arguments = ConstructorParameters.Select(parameter =>
        {
            var column = _columns.FirstOrDefault(c => c.Member.Name == parameter.Name);
            var value = column is null ? null : valueOf(column);
            if (value is null)
            {
                return parameter.HasDefaultValue ? parameter.DefaultValue : null;
            }

            if (column!.Enum is { } words)
            {
                return words.Parse((string)value);
            }

            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            return Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        });
        return (T)Constructor.Invoke([.. arguments]);
    }

    /// <summary>The converter that writes and reads <paramref name="type"/>'s values as words.</summary>
    private static ITypeConverter EnumWordConverterOf(Type type) =>
        (ITypeConverter)Activator.CreateInstance(typeof(EnumWordConverter<>).MakeGenericType(type))!;
}
