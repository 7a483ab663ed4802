import {
  DataTypeNode, OperationNodeTransformer,
  type ColumnDefinitionNode, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs,
  type QueryId, type QueryResult, type RootOperationNode, type UnknownRow,
} from 'kysely';

/**
 * SQLite's type names as the migrations write them, and what they must become on PostgreSQL.
 * `real` is a 4-byte float there (latencies and costs would lose precision); SQLite's is 8 bytes.
 */
const postgresTypes: Record<string, string> = { real: 'double precision', blob: 'bytea' };

class PortableSchemaTransformer extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode, queryId?: QueryId): ColumnDefinitionNode {
    const column = super.transformColumnDefinition(node, queryId);
    const typeName = DataTypeNode.is(column.dataType) ? column.dataType.dataType : undefined;
    // SQLite's `integer primary key autoincrement` is a 64-bit rowid; PostgreSQL's equivalent is bigserial.
    if (column.autoIncrement && typeName === 'integer') return { ...column, autoIncrement: false, dataType: DataTypeNode.create('bigserial') };
    const replacement = typeName === undefined ? undefined : postgresTypes[typeName];
    return replacement === undefined ? column : { ...column, dataType: DataTypeNode.create(replacement as 'double precision') };
  }
}

/**
 * Lets the one list of migrations, written in SQLite's portable subset, run on PostgreSQL: rewrites
 * column types in CREATE TABLE / ALTER TABLE (see `postgresTypes`, and autoincrement ids). Used only
 * while migrating; queries never pass through it.
 */
export const portableSchemaPlugin: KyselyPlugin = {
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return new PortableSchemaTransformer().transformNode(node);
  },
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  },
};
