/**
 * Structural types for the AST that @huggingface/jinja's parser produces. The package does not
 * export its AST classes, so we describe the fields we read; `type` discriminates the node.
 */
export interface Node {
  type: string;
}
export interface Tok {
  value: string;
  type: string;
}
export interface Program extends Node {
  body: Node[];
}
export interface IdentifierNode extends Node {
  value: string;
}
export interface LiteralNode<T> extends Node {
  value: T;
}
export interface MemberNode extends Node {
  object: Node;
  property: Node;
  computed: boolean;
}
export interface CallNode extends Node {
  callee: Node;
  args: Node[];
}
export interface BinaryNode extends Node {
  operator: Tok;
  left: Node;
  right: Node;
}
export interface UnaryNode extends Node {
  operator: Tok;
  argument: Node;
}
export interface FilterNode extends Node {
  operand: Node;
  filter: Node; // Identifier | CallExpression
}
export interface TestNode extends Node {
  operand: Node;
  negate: boolean;
  test: IdentifierNode;
}
export interface SliceNode extends Node {
  start?: Node;
  stop?: Node;
  step?: Node;
}
export interface KeywordArgNode extends Node {
  key: IdentifierNode;
  value: Node;
}
export interface SpreadNode extends Node {
  argument: Node;
}
export interface SelectNode extends Node {
  lhs: Node;
  test: Node;
}
export interface TernaryNode extends Node {
  condition: Node;
  trueExpr: Node;
  falseExpr: Node;
}
export interface IfNode extends Node {
  test: Node;
  body: Node[];
  alternate: Node[];
}
export interface ForNode extends Node {
  loopvar: Node;
  iterable: Node;
  body: Node[];
  defaultBlock: Node[];
}
export interface SetNode extends Node {
  assignee: Node;
  value: Node | null;
  body: Node[];
}
