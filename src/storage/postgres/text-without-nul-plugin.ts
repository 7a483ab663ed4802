import {
  OperationNodeTransformer,
  type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type PrimitiveValueListNode,
  type QueryResult, type RootOperationNode, type UnknownRow, type ValueNode,
} from 'kysely';

/** PostgreSQL text cannot hold U+0000 (the write fails); it becomes U+FFFD, the replacement character. */
const withoutNul = (value: unknown): unknown => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value);

class TextWithoutNulTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = withoutNul(node.value);
    return value === node.value ? node : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return node.values.some((value) => withoutNul(value) !== value) ? { ...node, values: node.values.map(withoutNul) } : node;
  }
}

/**
 * Replaces NUL characters in every string a query sends. One stray NUL (in an upstream error message,
 * a chat message) would otherwise fail a whole usage-log batch on PostgreSQL, again on every retry.
 */
export const textWithoutNulPlugin: KyselyPlugin = {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return new TextWithoutNulTransformer().transformNode(node);
  },
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  },
};
