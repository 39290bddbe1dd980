// The one YAML document of a scenario file, or why there is not exactly one.
//
// Contract:
//  - read_one_document() returns the document's root, a mapping, a list or a scalar: what
//    it should be is the scenario walker's to say (parse_spec.cc). Every other outcome is
//    a ScenarioError at a position in the file (1-based line and column, no key path):
//      - no document at all (empty, only white space and comments): "the file is empty";
//      - a document with nothing in it (only "---" or "..."): "the document is empty",
//        at the marker;
//      - a null root ("~", "null", an anchor or a tag with no value): "found null";
//      - text that is not YAML: "not valid YAML: ...", at yaml-cpp's mark, or, for a
//        token no node can start with (a ',' outside a flow collection), at the token;
//      - a second document: "expected one YAML document, found a second one", at its
//        first node.
//  - Bounded: it reads at most three documents' events, building nothing, before it
//    builds the first. yaml-cpp 0.7's parser, on a token that cannot start a node (",N1",
//    found by the fuzzer: a ',' outside [ ] or { }), yields an empty document without
//    consuming the token, forever; its LoadAll keeps them all and never returns. A
//    document that starts where its empty node and the next document start is that loop:
//    the error names the token.
//  - Never throws: yaml-cpp's exceptions become errors at their mark.
#pragma once

#include <string>
#include <string_view>

#include <yaml-cpp/mark.h>
#include <yaml-cpp/node/node.h>

#include "model/scenario/result.h"
#include "model/scenario/scenario_error.h"

namespace kcsim::scenario {

Result<YAML::Node, ScenarioError> read_one_document(std::string_view text, std::string_view file);

// An error at yaml-cpp's 0-based mark (1-based in the error; line 1, column 1 for no mark).
ScenarioError error_at_mark(std::string_view file, const YAML::Mark& mark, std::string message);

}  // namespace kcsim::scenario
