"""Lists the tests that did not pass in the TRX files named on the command line.

testbed/test prints this after its closing count, so that the last lines of a long CI log
name every failure and its message, wherever in the log the test ran.
"""
import sys
import xml.etree.ElementTree as ElementTree

NAMESPACE = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MESSAGE_LINES = 12


def failures(path):
    root = ElementTree.parse(path).getroot()
    for result in root.iterfind(".//t:UnitTestResult", NAMESPACE):
        outcome = result.get("outcome", "")
        if outcome in ("Passed", "NotExecuted"):
            continue
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NAMESPACE)
        stack = result.findtext("t:Output/t:ErrorInfo/t:StackTrace", default="", namespaces=NAMESPACE)
        yield outcome, result.get("testName", "?"), result.get("duration", "?"), message, stack


def main(paths):
    for path in paths:
        try:
            found = list(failures(path))
        except (OSError, ElementTree.ParseError) as error:
            print(f"{path}: unreadable: {error}")
            continue
        for outcome, name, duration, message, stack in found:
            print(f"{outcome.upper()} {name} ({duration})")
            lines = (message.strip() + "\n" + stack.strip()).strip().splitlines()
            for line in lines[:MESSAGE_LINES]:
                print(f"    {line}")
            if len(lines) > MESSAGE_LINES:
                print(f"    ... {len(lines) - MESSAGE_LINES} more lines in {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
