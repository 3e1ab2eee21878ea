#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use super::{JsonPath, JsonPathError, Node, Segment, to_pointer};

fn compile(expression: &str) -> JsonPath {
    JsonPath::parse(expression).unwrap_or_else(|e| panic!("{expression}: {e}"))
}

/// Selected values in result order.
fn values(expression: &str, doc: &Value) -> Vec<Value> {
    compile(expression)
        .select(doc)
        .into_iter()
        .map(|s| match s.node {
            Node::Value(v) => v.clone(),
            Node::Key(k) => Value::String(k.to_owned()),
            Node::Index(i) => json!(i),
        })
        .collect()
}

/// Normalized paths in result order.
fn paths(expression: &str, doc: &Value) -> Vec<String> {
    compile(expression)
        .select(doc)
        .iter()
        .map(super::Selected::normalized_path)
        .collect()
}

/// Normalized paths sorted, for results whose order depends on the map's key order.
fn path_set(expression: &str, doc: &Value) -> Vec<String> {
    let mut out = paths(expression, doc);
    out.sort();
    out
}

fn error(expression: &str) -> JsonPathError {
    match JsonPath::parse(expression) {
        Ok(_) => panic!("{expression} should not compile"),
        Err(e) => e,
    }
}

fn bookstore() -> Value {
    json!({ "store": {
        "book": [
            { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
            { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
            { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3",
              "price": 8.99 },
            { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings",
              "isbn": "0-395-19395-8", "price": 22.99 }
        ],
        "bicycle": { "color": "red", "price": 399 }
    }})
}

fn openapi() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Pets", "version": "1.0.0", "contact": { "name": "N", "email": "e@example.nl" } },
        "servers": [{ "url": "https://api.example.nl/v1" }, { "url": "http://localhost" }],
        "paths": {
            "/pets": {
                "get": {
                    "parameters": [
                        { "name": "limit", "in": "query", "schema": { "type": "integer" } },
                        { "name": "X-Trace", "in": "header" }
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": { "API-Version": { "schema": { "type": "string" } } },
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pets" } } }
                        },
                        "404": {
                            "description": "not found",
                            "content": { "application/problem+json": { "schema": { "type": "object" } } }
                        }
                    }
                },
                "put": { "responses": { "204": { "description": "none" } } },
                "post": { "responses": { "201": { "description": "created" } } }
            },
            "/pets/{id}/": {
                "parameters": [{ "name": "id", "in": "path", "required": true }],
                "delete": { "responses": { "default": { "description": "gone",
                    "content": { "text/plain": { "schema": { "type": "string" } } } } } }
            }
        },
        "components": { "schemas": {
            "Pets": { "type": "array", "items": { "$ref": "#/components/schemas/Pet" } },
            "Pet": { "type": "object", "required": ["id"], "properties": {
                "id": { "type": "integer", "format": "int64" },
                "name": { "type": "string" },
                "status": { "type": "string", "enum": ["available", "sold"] },
                "tag": { "type": "object" }
            } }
        } }
    })
}

// RFC 9535 section 1.5, table 2 (bookstore).

#[test]
fn rfc_bookstore_examples() {
    let doc = bookstore();
    assert_eq!(
        values("$.store.book[*].author", &doc),
        json!(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"])
            .as_array()
            .unwrap()
            .clone()
    );
    assert_eq!(values("$..author", &doc).len(), 4);
    assert_eq!(
        path_set("$.store.*", &doc),
        ["$['store']['bicycle']", "$['store']['book']"]
    );
    assert_eq!(values("$.store..price", &doc).len(), 5);
    assert_eq!(values("$..book[2]", &doc)[0]["title"], "Moby Dick");
    assert_eq!(values("$..book[2].author", &doc), [json!("Herman Melville")]);
    assert!(values("$..book[2].publisher", &doc).is_empty());
    assert_eq!(values("$..book[-1]", &doc)[0]["title"], "The Lord of the Rings");
    assert_eq!(paths("$..book[0,1]", &doc), paths("$..book[:2]", &doc));
    assert_eq!(
        paths("$..book[:2]", &doc),
        ["$['store']['book'][0]", "$['store']['book'][1]"]
    );
    assert_eq!(
        paths("$..book[?@.isbn]", &doc),
        ["$['store']['book'][2]", "$['store']['book'][3]"]
    );
    assert_eq!(
        paths("$..book[?@.price<10]", &doc),
        ["$['store']['book'][0]", "$['store']['book'][2]"]
    );
    assert_eq!(values("$..*", &doc).len(), 27);
    assert_eq!(values("$", &doc), std::slice::from_ref(&doc));
}

#[test]
fn rfc_name_and_index_selectors() {
    let doc = json!({ "o": { "j j": { "k.k": 3 } }, "'": { "@": 2 }, "☺": 1, "a": ["a", "b"] });
    assert_eq!(values("$.o['j j']['k.k']", &doc), [json!(3)]);
    assert_eq!(values("$.o[\"j j\"][\"k.k\"]", &doc), [json!(3)]);
    assert_eq!(values("$[\"'\"][\"@\"]", &doc), [json!(2)]);
    assert_eq!(values("$['\\'']['@']", &doc), [json!(2)]);
    assert_eq!(values("$['\\u263A']", &doc), [json!(1)]);
    assert_eq!(values("$.☺", &doc), [json!(1)]);
    assert_eq!(values("$.a[1]", &doc), [json!("b")]);
    assert_eq!(values("$.a[-2]", &doc), [json!("a")]);
    assert!(values("$.a[2]", &doc).is_empty());
    assert!(values("$.a[-3]", &doc).is_empty());
    // RFC 9535: index selectors select nothing from objects, name selectors nothing from arrays.
    assert!(values("$.o[0]", &doc).is_empty());
    assert!(values("$.a['0']", &doc).is_empty());
}

#[test]
fn rfc_slices() {
    let doc = json!(["a", "b", "c", "d", "e", "f", "g"]);
    assert_eq!(values("$[1:3]", &doc), [json!("b"), json!("c")]);
    assert_eq!(values("$[5:]", &doc), [json!("f"), json!("g")]);
    assert_eq!(values("$[1:5:2]", &doc), [json!("b"), json!("d")]);
    // Results come in document order, whatever the step's direction.
    assert_eq!(values("$[5:1:-2]", &doc), [json!("d"), json!("f")]);
    assert_eq!(values("$[::-1]", &doc).len(), 7);
    assert!(values("$[::0]", &doc).is_empty());
    assert_eq!(values("$[-2:]", &doc), [json!("f"), json!("g")]);
    assert_eq!(values("$[:-5]", &doc), [json!("a"), json!("b")]);
    assert_eq!(values("$[ 1 : 2 ]", &doc), [json!("b")]);
    assert!(values("$[1:3]", &json!({"a": 1})).is_empty());
}

#[test]
fn rfc_descendant_segment() {
    let doc = json!({ "o": { "j": 1, "k": 2 }, "a": [5, 3, [{ "j": 4 }, { "k": 6 }]] });
    assert_eq!(path_set("$..j", &doc), ["$['a'][2][0]['j']", "$['o']['j']"]);
    assert_eq!(path_set("$..[0]", &doc), ["$['a'][0]", "$['a'][2][0]"]);
    assert_eq!(values("$..*", &doc).len(), 11);
    assert_eq!(values("$..o", &doc), [json!({ "j": 1, "k": 2 })]);
    assert_eq!(paths("$.o..[*, *]", &doc), ["$['o']['j']", "$['o']['k']"]);
    assert_eq!(
        paths("$.a..[0, 1]", &doc),
        ["$['a'][0]", "$['a'][1]", "$['a'][2][0]", "$['a'][2][1]"]
    );
}

#[test]
fn nested_descendants_visit_each_node_once() {
    let doc = json!({ "a": { "a": { "b": 1 }, "b": 2 } });
    assert_eq!(paths("$..a..b", &doc), ["$['a']['a']['b']", "$['a']['b']"]);
    assert_eq!(paths("$..*..b", &doc), ["$['a']['a']['b']", "$['a']['b']"]);
    assert_eq!(paths("$[1,0,1]", &json!(["x", "y"])), ["$[0]", "$[1]"]);
}

#[test]
fn rfc_null_semantics() {
    let doc = json!({ "a": null, "b": [null], "c": [{}], "null": 1 });
    assert_eq!(values("$.a", &doc), [Value::Null]);
    assert!(values("$.a[0]", &doc).is_empty());
    assert!(values("$.a.d", &doc).is_empty());
    assert_eq!(values("$.b[0]", &doc), [Value::Null]);
    assert_eq!(values("$.b[*]", &doc), [Value::Null]);
    assert_eq!(values("$.b[?@]", &doc), [Value::Null]);
    assert_eq!(values("$.b[?@==null]", &doc), [Value::Null]);
    assert!(values("$.c[?@.d==null]", &doc).is_empty());
    assert_eq!(values("$.null", &doc), [json!(1)]);
    // JSONPath-Plus filters test truthiness: null is falsy.
    assert!(values("$.b[?(@)]", &doc).is_empty());
}

fn filter_doc() -> Value {
    json!({
        "a": [3, 5, 1, 2, 4, 6, { "b": "j" }, { "b": "k" }, { "b": {} }, { "b": "kilo" }],
        "o": { "p": 1, "q": 2, "r": 3, "s": 5, "t": { "u": 6 } },
        "e": "f"
    })
}

#[test]
fn rfc_filter_examples() {
    let doc = filter_doc();
    assert_eq!(values("$.a[?@.b == 'kilo']", &doc), [json!({ "b": "kilo" })]);
    assert_eq!(values("$.a[?(@.b == 'kilo')]", &doc), [json!({ "b": "kilo" })]);
    assert_eq!(values("$.a[?@>3.5]", &doc), [json!(5), json!(4), json!(6)]);
    assert_eq!(values("$.a[?@.b]", &doc).len(), 4);
    assert_eq!(path_set("$[?@.*]", &doc), ["$['a']", "$['o']"]);
    assert_eq!(paths("$[?@[?@.b]]", &doc), ["$['a']"]);
    assert_eq!(paths("$.o[?@<3, ?@<3]", &doc), ["$['o']['p']", "$['o']['q']"]);
    assert_eq!(
        values("$.a[?@<2 || @.b == \"k\"]", &doc),
        [json!(1), json!({ "b": "k" })]
    );
    assert_eq!(
        values("$.a[?match(@.b, \"[jk]\")]", &doc),
        [json!({ "b": "j" }), json!({ "b": "k" })]
    );
    assert_eq!(values("$.a[?search(@.b, \"[jk]\")]", &doc).len(), 3);
    assert_eq!(values("$.o[?@>1 && @<4]", &doc), [json!(2), json!(3)]);
    assert_eq!(values("$.o[?@.u || @.x]", &doc), [json!({ "u": 6 })]);
    assert_eq!(values("$.a[?@.b == $.x]", &doc).len(), 6);
    assert_eq!(values("$.a[?@ == @]", &doc).len(), 10);
    assert_eq!(values("$.a[?!@.b]", &doc).len(), 6);
    assert_eq!(values("$.a[? (@.b == 'j') ]", &doc), [json!({ "b": "j" })]);
}

#[test]
fn rfc_filter_details() {
    let doc = json!({
        "target": "b",
        "items": [
            { "id": "a", "n": 1.0, "s": "é", "sub": [{ "c": 1 }] },
            { "id": "b", "n": 2, "s": "z", "sub": [{ "c": 2 }] }
        ]
    });
    assert_eq!(values("$.items[?@.n == 1]", &doc).len(), 1);
    assert_eq!(values("$.items[?@.s == '\\u00e9']", &doc).len(), 1);
    // Strings compare by Unicode scalar value: 'f' < 'z' < 'é' < 'ê'.
    assert!(values("$.items[?@.s < 'f']", &doc).is_empty());
    assert_eq!(values("$.items[?@.s > 'f']", &doc).len(), 2);
    assert_eq!(values("$.items[?@.s < 'é'].id", &doc), [json!("b")]);
    assert_eq!(values("$.items[?@.sub[?@.c == 2]].id", &doc), [json!("b")]);
    assert_eq!(values("$.items[?@.id == $.target].n", &doc), [json!(2)]);
    assert_eq!(values("$.items[?(@.id === @root.target)].n", &doc), [json!(2)]);
    assert_eq!(values("$.items[?(@.id === $.target)].n", &doc), [json!(2)]);
    assert_eq!(values("$.items[?@.n >= 1 && @.n <= 1.5].id", &doc), [json!("a")]);
    assert_eq!(values("$.items[?@.n == 1e0].id", &doc), [json!("a")]);
    assert_eq!(values("$.items[?@.n == -1 || @.n == 2.0].id", &doc), [json!("b")]);
}

#[test]
fn rfc_comparison_table() {
    let doc = json!({ "obj": { "x": "y" }, "arr": [2, 3] });
    let cases = [
        ("$.absent1 == $.absent2", true),
        ("$.absent1 <= $.absent2", true),
        ("$.absent == 'g'", false),
        ("$.absent1 != $.absent2", false),
        ("$.absent != 'g'", true),
        ("1 <= 2", true),
        ("1 > 2", false),
        ("13 == '13'", false),
        ("'a' <= 'b'", true),
        ("'a' > 'b'", false),
        ("$.obj == $.arr", false),
        ("$.obj != $.arr", true),
        ("$.obj == $.obj", true),
        ("$.obj != $.obj", false),
        ("$.arr == $.arr", true),
        ("$.arr != $.arr", false),
        ("$.obj == 17", false),
        ("$.obj != 17", true),
        ("$.obj <= $.arr", false),
        ("$.obj < $.arr", false),
        ("$.obj <= $.obj", true),
        ("$.arr <= $.arr", true),
        ("1 <= $.arr", false),
        ("1 >= $.arr", false),
        ("1 > $.arr", false),
        ("1 < $.arr", false),
        ("true <= true", true),
        ("true > true", false),
        ("$.arr[0] == 2.0", true),
        ("$.arr == $.arr[*]", false),
    ];
    for (comparison, expected) in cases {
        if comparison.ends_with("[*]") {
            assert!(JsonPath::parse(&format!("$[?{comparison}]")).is_err(), "{comparison}");
            continue;
        }
        let selected = values(&format!("$[?{comparison}]"), &doc).len();
        assert_eq!(selected, if expected { 2 } else { 0 }, "{comparison}");
    }
}

#[test]
fn rfc_functions() {
    let doc = json!([
        { "a": "abc", "b": [1, 2], "c": { "x": 1 } },
        { "a": "ab", "b": [], "d": { "color": "red" } },
        { "a": "été", "b": [1, 2, 3] }
    ]);
    assert_eq!(paths("$[?length(@.a) == 3]", &doc), ["$[0]", "$[2]"]);
    assert_eq!(paths("$[?length(@.b) < 1]", &doc), ["$[1]"]);
    assert_eq!(paths("$[?length(@.c) == 1]", &doc), ["$[0]"]);
    assert_eq!(paths("$[?count(@.b[*]) == 3]", &doc), ["$[2]"]);
    assert_eq!(paths("$[?count(@.*) == 2]", &doc), ["$[2]"]);
    assert_eq!(paths("$[?value(@..color) == 'red']", &doc), ["$[1]"]);
    assert_eq!(paths("$[?match(@.a, 'a.')]", &doc), ["$[1]"]);
    assert_eq!(paths("$[?search(@.a, 'b')]", &doc), ["$[0]", "$[1]"]);
    assert_eq!(paths("$[?match(@.a, '\\\\p{Ll}+')]", &doc).len(), 3);
    assert_eq!(paths("$[?!match(@.a, 'ab.*')]", &doc), ["$[2]"]);
}

#[test]
fn rfc_function_type_errors() {
    for bad in [
        "$[?length(@.*) < 3]",
        "$[?count(1) == 1]",
        "$[?match(@.a, 'x') == true]",
        "$[?value(@..color)]",
        "$[?length(@)]",
        "$[?length(@.a, @.b) == 1]",
        "$[?1]",
        "$[?@.a == @.*]",
        "$[?foo(@.a)]",
        "$[?length]",
    ] {
        assert!(JsonPath::parse(bad).is_err(), "{bad} should be refused");
    }
}

// JSONPath-Plus as Spectral rulesets use it.

#[test]
fn spectral_property_filters() {
    let doc = openapi();
    assert_eq!(
        path_set("$.paths[*][?(@property === 'get' || @property === 'put')]", &doc),
        ["$['paths']['/pets']['get']", "$['paths']['/pets']['put']"]
    );
    assert_eq!(
        paths(
            "$.paths.*[?( @property === 'get' )].responses[?(@property.match(/^2/))]",
            &doc
        ),
        ["$['paths']['/pets']['get']['responses']['200']"]
    );
    assert_eq!(
        path_set("$..content[?(@property.match(/json/i))].schema", &doc),
        [
            "$['paths']['/pets']['get']['responses']['200']['content']['application/json']['schema']",
            "$['paths']['/pets']['get']['responses']['404']['content']['application/problem+json']['schema']"
        ]
    );
    assert_eq!(
        paths(
            "$..[responses][?(@property && @property.match(/(2|3)\\d\\d/))][headers]",
            &doc
        ),
        ["$['paths']['/pets']['get']['responses']['200']['headers']"]
    );
    assert_eq!(
        paths(
            "$..[responses][?(@property[0] == \"2\" || (@property[0] == \"4\" && @property != \"429\"))][headers]",
            &doc
        ),
        ["$['paths']['/pets']['get']['responses']['200']['headers']"]
    );
    assert_eq!(
        paths(
            "$..paths..responses[?(@property && @property.match(\"(204|205)\") )]",
            &doc
        ),
        ["$['paths']['/pets']['put']['responses']['204']"]
    );
}

#[test]
fn spectral_property_names() {
    let doc = openapi();
    let keys = |expression: &str| -> Vec<String> {
        compile(expression)
            .select(&doc)
            .into_iter()
            .map(|s| match s.node {
                Node::Key(k) => k.to_owned(),
                other => panic!("{expression}: expected a name, got {other:?}"),
            })
            .collect()
    };
    let mut path_names = keys("$.paths.*~");
    path_names.sort();
    assert_eq!(path_names, ["/pets", "/pets/{id}/"]);
    assert_eq!(keys("$.paths[?(@property.match(/\\/$/))]~"), ["/pets/{id}/"]);
    let mut properties = keys("$..properties[*]~");
    properties.sort();
    assert_eq!(properties, ["id", "name", "status", "tag"]);
    assert_eq!(keys("$..headers.*~"), ["API-Version"]);
    assert_eq!(keys("$.paths[?(@path === \"$['paths']['/pets']\")]~"), ["/pets"]);
    assert_eq!(keys("$.paths[?(/^\\/pets\\//.test(@property))]~"), ["/pets/{id}/"]);
    let selected = compile("$.paths.*~").select(&doc);
    assert_eq!(selected[0].path.len(), 2);
    assert_eq!(compile("$.servers[*]~").select(&doc)[1].node, Node::Index(1));
}

#[test]
fn spectral_value_filters() {
    let doc = openapi();
    assert_eq!(values("$..parameters[?(@.in == 'path')].name", &doc), [json!("id")]);
    assert_eq!(
        values("$..parameters[?(@.in === 'header')].name", &doc),
        [json!("X-Trace")]
    );
    assert_eq!(
        values("$..parameters[?(@ && @.in==\"query\")].name", &doc),
        [json!("limit")]
    );
    assert_eq!(
        path_set("$..[?(@.type == 'object' && !@.properties)]", &doc),
        [
            "$['components']['schemas']['Pet']['properties']['tag']",
            "$['paths']['/pets']['get']['responses']['404']['content']['application/problem+json']['schema']"
        ]
    );
    assert_eq!(
        paths("$.components.schemas[*]..properties[?(@.format)]", &doc),
        ["$['components']['schemas']['Pet']['properties']['id']"]
    );
    assert_eq!(
        values("$.servers[*].url", &doc),
        [json!("https://api.example.nl/v1"), json!("http://localhost")]
    );
    assert_eq!(values("$.info.contact", &doc), [doc["info"]["contact"].clone()]);
    assert_eq!(
        path_set("$..[?(@ && @.$ref)]", &doc),
        [
            "$['components']['schemas']['Pets']['items']",
            "$['paths']['/pets']['get']['responses']['200']['content']['application/json']['schema']"
        ]
    );
    assert_eq!(values("$.['openapi']", &doc), [json!("3.0.3")]);
    assert_eq!(
        values("$.paths[*][get,put,post,delete,options,head,patch,trace]", &doc).len(),
        4
    );
    assert_eq!(values("$..[description,title]", &doc).len(), 6);
    assert!(
        values(
            "$.*.schemas[*].properties.[?(@property && @property.match(/_links/i))]",
            &doc
        )
        .is_empty()
    );
    assert_eq!(
        paths(
            "$..[?(@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array')]",
            &doc
        ),
        ["$['components']['schemas']['Pet']['properties']['status']"]
    );
    assert_eq!(values("$.paths..get.responses.200.description", &doc), [json!("ok")]);
    assert_eq!(
        values("$.paths['/pets'].get.parameters.1.name", &doc),
        [json!("X-Trace")]
    );
}

#[test]
fn jsonpath_plus_custom_properties() {
    let doc = bookstore();
    assert_eq!(
        values(
            "$..book[?(@parent.bicycle && @parent.bicycle.color === \"red\")].category",
            &doc
        )
        .len(),
        4
    );
    assert_eq!(
        values("$.store.*[?(@parentProperty !== \"book\")]", &doc),
        [json!("red"), json!(399)]
    );
    assert_eq!(values("$..book[?(@property !== 0)]", &doc).len(), 3);
    assert_eq!(values("$..book.*[?(@parentProperty !== 0)]", &doc).len(), 14);
    assert_eq!(values("$..*[?(@property === 'price' && @ !== 8.95)]", &doc).len(), 4);
    assert_eq!(
        values("$.store.book[?(@path !== \"$['store']['book'][0]\")]", &doc).len(),
        3
    );
    assert_eq!(values("$..book[?(@root.store.bicycle.price > 100)]", &doc).len(), 4);
    assert_eq!(
        path_set("$..[?(@.price>19)]^", &doc),
        ["$['store']", "$['store']['book']"]
    );
    assert_eq!(values("$.store.book[0]^^", &doc), [doc["store"].clone()]);
    assert!(values("$^", &doc).is_empty());
}

#[test]
fn javascript_semantics() {
    let doc = json!([0, "", null, false, "a", 1, [], {}, "1", true]);
    assert_eq!(
        values("$[?(@)]", &doc),
        [json!("a"), json!(1), json!([]), json!({}), json!("1"), json!(true)]
    );
    assert_eq!(values("$[?(@ == '1')]", &doc), [json!(1), json!("1"), json!(true)]);
    assert_eq!(values("$[?(@ === 1)]", &doc), [json!(1)]);
    assert_eq!(values("$[?(@ == null)]", &doc), [Value::Null]);
    assert_eq!(
        values("$[?(typeof @ === 'string')]", &doc),
        [json!(""), json!("a"), json!("1")]
    );
    assert_eq!(values("$[?(typeof @ === 'object')]", &doc).len(), 3);
    assert_eq!(values("$[?(Array.isArray(@))]", &doc), [json!([])]);

    let doc = json!([{ "x": null }, {}, { "x": 0 }, { "x": false }, { "x": [1, "b"] }, { "x": "abc" }]);
    assert_eq!(values("$[?(@.x == null)]", &doc).len(), 2);
    assert_eq!(values("$[?(@.x === undefined)]", &doc), [json!({})]);
    assert_eq!(values("$[?(@.x !== void 0)]", &doc).len(), 5);
    assert_eq!(values("$[?(@.x.length === 3)]", &doc), [json!({ "x": "abc" })]);
    assert_eq!(values("$[?(@.x.length == 2)]", &doc), [json!({ "x": [1, "b"] })]);
    assert_eq!(values("$[?(@.x && @.x.includes('b'))]", &doc).len(), 2);
    assert_eq!(values("$[?(@.x && @.x.includes(1))]", &doc), [json!({ "x": [1, "b"] })]);
    assert_eq!(
        values("$[?(@.x && @.x.indexOf('c') == 2)]", &doc),
        [json!({ "x": "abc" })]
    );
    assert_eq!(values("$[?(@.x && @.x.indexOf('b') !== -1)]", &doc).len(), 2);
    assert_eq!(
        values("$[?(@.x && @.x.startsWith('ab') && @.x.endsWith('c'))]", &doc).len(),
        1
    );
    assert_eq!(values("$[?(@.x && @.x.toUpperCase() === 'ABC')]", &doc).len(), 1);
    assert_eq!(values("$[?(@.x && Object.keys(@).length == 1)]", &doc).len(), 2);
    assert_eq!(values("$[?(!@.x)]", &doc).len(), 4);
    assert_eq!(values("$[?(@.x > -1)]", &doc).len(), 3);
    assert_eq!(values("$[?(@['x'] === 0)]", &doc), [json!({ "x": 0 })]);
    assert_eq!(values("$[?(@.x?.length)]", &doc).len(), 2);
    assert_eq!(values("$[?(@.x[1] === 'b')]", &doc).len(), 2);
    // Member access or a method call on null, undefined or the wrong type throws in JavaScript:
    // the node does not match, even under negation.
    assert_eq!(values("$[?(@.x.match(/^a/) !== null)]", &doc).len(), 1);
    assert_eq!(values("$[?(!@.x.y)]", &doc).len(), 4);
    assert_eq!(values("$[?(!@.missing.y)]", &doc).len(), 0);
    assert_eq!(values("$[?(@.x.match(/^A/i))]", &doc), [json!({ "x": "abc" })]);

    let doc = json!({ "b": { "x": 1 }, "a": { "x": 2 } });
    assert_eq!(values("$[?(@.x < 2 || @.x >= 2)]", &doc).len(), 2);
    assert_eq!(values("$[?(@property < 'b')]", &doc), [json!({ "x": 2 })]);
    assert_eq!(values("$[?(count(@.*) == 1)]", &doc).len(), 2);
}

#[test]
fn dot_names_unions_and_blank_space() {
    let doc = json!({ "x-foo": 1, "$ref": 2, "200": 3, "a": ["p", "q"], "é": 4 });
    assert_eq!(values("$.x-foo", &doc), [json!(1)]);
    assert_eq!(values("$.$ref", &doc), [json!(2)]);
    assert_eq!(values("$.200", &doc), [json!(3)]);
    assert_eq!(values("$.a.1", &doc), [json!("q")]);
    assert_eq!(values("$.é", &doc), [json!(4)]);
    assert_eq!(values("$ .a [ 0 ]", &doc), [json!("p")]);
    assert_eq!(values("$[ 'x-foo' , \"$ref\" ]", &doc).len(), 2);
    assert_eq!(values("$.a[0,'b',1]", &doc), [json!("p"), json!("q")]);
    assert_eq!(path_set("$[a,'200']", &doc), ["$['200']", "$['a']"]);
    assert_eq!(values("$..[*]~", &doc).len(), 7);
    assert_eq!(values("$[? @.* ]", &doc), [json!(["p", "q"])]);
}

#[test]
fn dialects_differ_where_javascript_and_rfc_9535_differ() {
    let doc = json!([{ "x": false }, { "x": null }, {}, { "x": [1, 2, 3] }]);
    // Existence (RFC 9535) against truthiness (JavaScript).
    assert_eq!(values("$[?@.x]", &doc).len(), 3);
    assert_eq!(values("$[?(@.x)]", &doc).len(), 1);
    // Negative indexes count from the end in RFC 9535 only.
    assert_eq!(values("$[?@.x[-1] == 3]", &doc).len(), 1);
    assert_eq!(values("$[?(@.x && @.x[-1] == 3)]", &doc).len(), 0);
    // `length` is a member name in RFC 9535, an array's length in JavaScript.
    assert_eq!(values("$[?@.x.length == 3]", &doc).len(), 0);
    assert_eq!(values("$[?(@.x && @.x.length == 3)]", &doc).len(), 1);
    // Equality: deep in RFC 9535, by identity for arrays and objects in JavaScript.
    assert_eq!(values("$[?@.x == $[3].x]", &doc).len(), 1);
    assert_eq!(values("$[?(@.x == 0)]", &doc), [json!({ "x": false })]);
    assert_eq!(values("$[?@.x == 0]", &doc).len(), 0);
}

#[test]
fn errors_name_the_construct_and_offset() {
    let cases: [(&str, usize, &str); 14] = [
        ("$.paths[", 7, "unclosed '['"),
        ("$.paths[*", 7, "unclosed '['"),
        ("$[?(@.a == 1)", 1, "unclosed '['"),
        ("$[?foo(@.a)]", 3, "'foo'"),
        ("$.paths~.get", 7, "'~' is only valid at the end"),
        ("$[?(@.a.match(/(/))]", 14, "invalid regular expression"),
        ("$[?match(@.a, '(')]", 14, "invalid regular expression"),
        ("$.application/json", 13, "'/' cannot appear in a dot name"),
        ("$[(@.length-1)]", 2, "script expressions"),
        ("$[?(@.a + 1 > 2)]", 8, "arithmetic"),
        ("$[?@property == 'a']", 3, "write the filter as [?(...)]"),
        ("$.a@string()", 3, "type selectors"),
        ("a.b", 0, "'$'"),
        ("$[01]", 2, "leading zeros"),
    ];
    for (expression, offset, message) in cases {
        let e = error(expression);
        assert!(e.message.contains(message), "{expression}: {e}");
        assert_eq!(e.offset, offset, "{expression}: {e}");
    }
    for bad in [
        "$..",
        "$.",
        "$[]",
        "$ ",
        " $",
        "$~",
        "$.a~~",
        "$['a'",
        "$[?(@.a ? 1 : 2)]",
        "$[?(@.x-foo)]",
        "$[-0]",
        "$[9007199254740992]",
        "$[?(@.a = 1)]",
        "$[?(@.a & 1)]",
        "$[?(@.a.foo())]",
        "$[?(Math.max(1))]",
        "$[?(@.*)]",
        "$['\\x']",
        "$[?(/a/y.test(@))]",
        "$[?(@.a.match(/(/))]",
        "$[?(@parent)][?(@[?(@parent)])]",
    ] {
        assert!(JsonPath::parse(bad).is_err(), "{bad} should be refused");
    }
}

#[test]
fn nesting_is_bounded_and_never_panics() {
    for expression in [
        format!("$[?{}@{}]", "(".repeat(200), ")".repeat(200)),
        format!("$[?({}@.a)]", "!".repeat(500)),
        format!("${}", "[".repeat(10_000)),
        format!("$[?@{}]", "[?@".repeat(300)),
        format!("$[?(@{})]", "[@".repeat(300)),
        format!("$[?(@.a{})]", " && @.a".repeat(10_000)),
        format!("$[?@.a{}]", " == 1".repeat(10_000)),
    ] {
        let e = error(&expression);
        assert!(e.offset <= expression.len());
    }
}

#[test]
fn pointers_and_normalized_paths() {
    let doc = json!({ "paths": { "/a~b": { "get": [1] } }, "it's": 1 });
    let selected = compile("$.paths['/a~b'].get[0]").select(&doc);
    assert_eq!(selected[0].pointer(), "/paths/~1a~0b/get/0");
    assert_eq!(selected[0].normalized_path(), "$['paths']['/a~b']['get'][0]");
    assert_eq!(compile("$[\"it's\"]").select(&doc)[0].normalized_path(), "$['it\\'s']");
    assert_eq!(to_pointer(&[]), "");
    assert_eq!(to_pointer(&[Segment::Key("a"), Segment::Index(2)]), "/a/2");
}

#[test]
fn display_and_from_str() {
    let path: JsonPath = "$.paths.*~".parse().unwrap();
    assert_eq!(path.to_string(), "$.paths.*~");
    assert_eq!(path.as_str(), "$.paths.*~");
}

#[test]
fn real_ruleset_expressions_compile() {
    // `given` expressions of the spectral:oas ruleset (aliases expanded) and of the published
    // Dutch, UK and Italian government rulesets.
    for expression in [
        "$.paths[*][get,put,post,delete,options,head,patch,trace]",
        "$..[?(@ && @.type==\"array\")]",
        "$..[?(@ && @.type && @.type.constructor.name === \"Array\" && @.type.includes(\"array\"))]",
        "$..[?(@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array')]",
        "$..[?(@property === '$ref')]",
        "$..[?(@ && @.enum && @.type)]",
        "$.definitions[?(@.discriminator)]",
        "$..definitions..[?(@property !== 'properties' && @ && (@.example !== void 0 || @['x-example'] !== void 0 \
         || @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties || @.items))]",
        "$..content..[?(@ && @.schema && (@.example !== void 0 || @.examples))]",
        "$.paths[*][*]..content[*].examples[*]",
        "$.paths[*][get,put,post,delete,options,head,patch,trace].callbacks[*][*][*].callbacks",
        "$.webhooks[*][*].servers",
        "$..[?(@ && @.xml)].xml",
        "$.['openapi']",
        "$..[responses][?(@property && @property.match(/(2|3)\\d\\d/))][headers]",
        "$.paths[?(@property && !@property.match(/\\/openapi\\.json/))]~",
        "$.paths[?(@property && @property.match(/(description|summary)/i))]",
        "$..[responses][?(@property && @property.match(/(4|5)\\d\\d/))].content[?(@property==\"application/problem+json\" \
         || @property==\"application/problem+xml\")]..schema",
        "$.*.schemas[*].properties.[?(@property && @property.match(/_links/i))]",
        "$.paths..servers[*]",
        "$..parameters[?(@.in === 'header')].name",
        "$..headers.*~",
        "$.schemes.*",
        "$.paths.[*].responses[?(@property && @property.match(/^(4|5|default)/) && !@[\"x-noqa\"] )].content.*~",
        "$..[responses][?(@property && @property.match(/^(4|5|default)/)  && !@[\"x-noqa\"] )][schema][properties].*~",
        "$..[responses][?(@property == \"429\")][headers][?(@ && (@[\"X-RateLimit-Limit\"] || @[\"RateLimit-Reset\"]))]",
        "$..[parameters][?(@ && @.in==\"header\")].name",
        "$..[responses][*].headers.*~",
        "$.paths..get.requestBody",
    ] {
        compile(expression);
    }
}

#[test]
fn select_on_scalars_and_empty_documents() {
    for doc in [json!(null), json!(1), json!("s"), json!([]), json!({})] {
        for expression in [
            "$.a",
            "$..a",
            "$[*]",
            "$..*",
            "$[?(@.a)]",
            "$[?@.a]",
            "$[0:]",
            "$..[?(@property)]~",
        ] {
            assert!(compile(expression).select(&doc).is_empty(), "{expression} on {doc}");
        }
    }
}

mod never_panics {
    #![allow(clippy::unwrap_used)]

    use proptest::prelude::*;
    use serde_json::json;

    use super::super::JsonPath;

    const TOKENS: &[&str] = &[
        "$",
        "..",
        ".",
        "[",
        "]",
        "?",
        "(",
        ")",
        "@",
        "@property",
        "@parent",
        "@path",
        "'a'",
        "\"b\"",
        "1",
        "-1",
        "==",
        "===",
        "!=",
        "<",
        ">=",
        "&&",
        "||",
        "!",
        "*",
        ",",
        ":",
        "~",
        "^",
        "/x/i",
        ".match(",
        ".length",
        "length(",
        "count(",
        "match(",
        "value(",
        "typeof ",
        "undefined",
        "null",
        "a",
        "b",
        " ",
        "[?(",
        ")]",
        "[?",
        "['x-y']",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn on_path_like_strings(s in r#"\$[$@.\[\]()?*'"a-z0-9:,~^!=<>&|/\\ -]{0,40}"#) {
            if let Ok(path) = JsonPath::parse(&s) {
                let doc = json!({ "a": [1, { "b": "c" }], "d": { "e": null } });
                let _ = path.select(&doc);
            }
        }

        #[test]
        fn on_token_soup(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..40)) {
            let s = tokens.concat();
            if let Ok(path) = JsonPath::parse(&s) {
                let doc = json!({ "a": [1, { "b": "c", "x-y": [true, null] }], "d": { "e": 2.5 } });
                let _ = path.select(&doc);
            }
        }

        #[test]
        fn on_arbitrary_strings(s in any::<String>()) {
            let _ = JsonPath::parse(&s);
        }
    }
}

#[test]
fn compiled_paths_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<JsonPath>();
    shareable::<JsonPathError>();
}

#[test]
fn nodelist_keeps_selection_order_and_duplicates() {
    let doc = json!([[[1]], [2], 3]);
    let nodelist = |expression: &str| -> Vec<String> {
        compile(expression)
            .select_nodelist(&doc)
            .iter()
            .map(super::Selected::normalized_path)
            .collect()
    };
    assert_eq!(nodelist("$[2,0,2]"), ["$[2]", "$[0]", "$[2]"]);
    assert_eq!(nodelist("$[::-1]"), ["$[2]", "$[1]", "$[0]"]);
    assert_eq!(nodelist("$..[0]"), ["$[0]", "$[0][0]", "$[0][0][0]", "$[1][0]"]);
    assert_eq!(paths("$[2,0,2]", &doc), ["$[0]", "$[2]"]);
}
